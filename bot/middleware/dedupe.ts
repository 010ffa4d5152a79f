import type { NextFunction } from 'grammy'
import type { ProcessedUpdates } from '../../core/updates/processed-updates.js'
import type { BotContext } from '../context.js'

/**
 * Drops an update whose id was already handled, here or on another instance (a redelivery
 * after a restart, a webhook retry, a load balancer that sent it twice).
 */
export function dedupeUpdates(updates: ProcessedUpdates) {
  return async (ctx: BotContext, next: NextFunction) => {
    if (!(await updates.firstTime(ctx.update.update_id))) {
      ctx.log.info('duplicate update dropped')
      return
    }
    await next()
  }
}

import type { NextFunction } from 'grammy'
import type { ProcessedUpdates } from '../../core/updates/processed-updates.js'
import type { BotContext } from '../context.js'

/** Drops an update whose id was already handled (a redelivery after a restart or a retry). */
export function dedupeUpdates(updates: ProcessedUpdates) {
  return async (ctx: BotContext, next: NextFunction) => {
    if (!updates.firstTime(ctx.update.update_id)) {
      ctx.log.info('duplicate update dropped')
      return
    }
    await next()
  }
}

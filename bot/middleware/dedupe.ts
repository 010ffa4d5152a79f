import type { NextFunction } from 'grammy'
import type { Database } from '../../core/db/database.js'
import { markUpdateProcessed } from '../../core/updates/processed-updates.js'
import type { BotContext } from '../context.js'

/** Drops an update whose id was already handled (a redelivery after a restart or a retry). */
export function dedupeUpdates(db: Database) {
  return async (ctx: BotContext, next: NextFunction) => {
    if (!(await markUpdateProcessed(db, ctx.update.update_id))) {
      ctx.log.info('duplicate update dropped')
      return
    }
    await next()
  }
}

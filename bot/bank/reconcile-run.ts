import { shiftDay } from '../../core/bank/reconcile.js'
import type { Core } from '../../core/core.js'
import { dayOf } from '../../core/security/authorize.js'

/** Yesterday in the wallet's zone: the last whole day the bank's statement covers. */
export const previousDay = (core: Core) => shiftDay(dayOf(core.db.clock.now(), core.config.timeZone), -1)

/** Reconciles one day and reports it to every admin who has a wallet (ADMIN_IDS who started the bot). */
export async function reconcileForAdmins(core: Core, day: string) {
  const admins = await Promise.all([...core.config.adminTelegramIds].map((telegramId) => core.users.byTelegramId(telegramId)))
  return core.bankCards.reconcile(
    day,
    admins.flatMap((admin) => (admin ? [admin.id] : [])),
  )
}

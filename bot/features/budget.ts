import { MAX_BALANCE_MINOR } from '../../core/money/bounds.js'
import { parseAmount } from '../../core/money/index.js'
import type { BotContext, BotServices } from '../context.js'
import { localeOf } from '../i18n.js'
import { privateOnly } from '../private-only.js'
import { money } from '../render.js'
import type { Router } from '../router.js'
import { monthName } from '../statements/statement-view.js'

/**
 * `/budget <amount>` sets a monthly spending budget (`/budget off` removes it, `/budget`
 * shows where the month stands). Once spending passes 80% and once at 100%, its owner is
 * told: checked after each payment, from the outbox. Private chat only.
 */
export function budgetFeature(router: Router, services: BotServices): void {
  const { currency } = services.wallet
  router.onCommand('budget', privateOnly(), async (ctx) => {
    const arg = String(ctx.match ?? '').trim()
    if (arg === '') return showBudget(ctx)
    const budgetMinor = arg.toLowerCase() === 'off' ? null : parseAmount(arg, { currency, maxMinor: MAX_BALANCE_MINOR })
    await ctx.core.users.updateSettings(ctx.wallet.id, { monthlyBudgetMinor: budgetMinor })
    services.users.forget(ctx.from!.id)
    ctx.wallet = { ...ctx.wallet, monthlyBudgetMinor: budgetMinor }
    if (budgetMinor === null) return ctx.reply(ctx.t('budget-off'))
    await ctx.reply(ctx.t('budget-set', { budget: money(budgetMinor, currency, localeOf(ctx)) }))
    // A budget set mid-month that is already passed is worth hearing about now.
    const alerts = await ctx.core.budgets.check(ctx.wallet)
    if (alerts.length) await services.outbox.deliver(alerts, [ctx.wallet])
  })

  async function showBudget(ctx: BotContext) {
    const status = await ctx.core.budgets.status(ctx.wallet)
    const locale = localeOf(ctx)
    if (status.budgetMinor === null) return ctx.reply(ctx.t('budget-none', { spent: money(status.spentMinor, currency, locale), month: monthName(status.month, locale) }))
    const percent = status.budgetMinor > 0n ? Number((status.spentMinor * 100n) / status.budgetMinor) : 0
    await ctx.reply(
      ctx.t('budget-status', {
        month: monthName(status.month, locale),
        budget: money(status.budgetMinor, currency, locale),
        spent: money(status.spentMinor, currency, locale),
        percent,
      }),
    )
  }
}

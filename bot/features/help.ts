import { isAdmin } from '../../core/wallet/config.js'
import type { BotServices } from '../context.js'
import type { Router } from '../router.js'
import { localeOf } from '../i18n.js'
import { privateOnly } from '../private-only.js'
import { money } from '../render.js'

/** `/help` (every command and why payments fail, like a payment app's FAQ) and `/balance`. */
export function helpFeature(router: Router, services: BotServices): void {
  const { wallet: config } = services

  router.onCommand('help', async (ctx) => {
    const max = money(config.maxPaymentMinor, config.currency, localeOf(ctx))
    const freeWithdrawal = money(config.bank.withdrawalFreeAllowanceMinor, config.currency, localeOf(ctx))
    const feeRate = percentOf(config.bank.withdrawalFeeBasisPoints)
    let text = ctx.t('help', { bot: ctx.me.username, max, freeWithdrawal, feeRate })
    if (isAdmin(config, ctx.from!.id)) text += `\n\n${ctx.t('help-admin')}`
    await ctx.reply(text)
  })

  router.onCommand('balance', privateOnly(), async (ctx) => {
    const { balanceMinor } = await ctx.core.balances.of(ctx.wallet.id)
    await ctx.reply(ctx.t('balance', { balance: money(balanceMinor, config.currency, localeOf(ctx)) }))
  })
}

/** Basis points as a percentage, in integers: 10 → “0.1%”, 250 → “2.5%”, 100 → “1%”. */
function percentOf(basisPoints: bigint): string {
  const fraction = (basisPoints % 100n).toString().padStart(2, '0').replace(/0+$/, '')
  return `${basisPoints / 100n}${fraction ? `.${fraction}` : ''}%`
}

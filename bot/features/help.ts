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
    let text = ctx.t('help', { bot: ctx.me.username, max })
    if (isAdmin(config, ctx.from!.id)) text += `\n\n${ctx.t('help-admin')}`
    await ctx.reply(text)
  })

  router.onCommand('balance', privateOnly(), async (ctx) => {
    const { balanceMinor } = await ctx.core.balances.of(ctx.wallet.id)
    await ctx.reply(ctx.t('balance', { balance: money(balanceMinor, config.currency, localeOf(ctx)) }))
  })
}

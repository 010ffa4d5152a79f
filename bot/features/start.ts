import { noticeKeys } from '../../core/common/keys.js'
import { startPayload } from '../callback-data.js'
import type { BotContext, BotServices } from '../context.js'
import type { Router } from '../router.js'
import { localeOf } from '../i18n.js'
import { privateOnly } from '../private-only.js'
import { openOrder, openReceiveCode } from '../receive-code-flow.js'
import { esc, money, payeeLabel } from '../render.js'

/** `/start` opens the wallet (the user middleware already did) and follows deep links. */
export function startFeature(router: Router, services: BotServices): void {
  const { wallet: config } = services

  // A deep link always opens our private chat; `/start <payload>` typed in a group is sent
  // there too, so a claim (and the balance it shows) never lands in the group.
  const samePayload = (ctx: BotContext) => (typeof ctx.match === 'string' && /^[\w-]{1,64}$/.test(ctx.match.trim()) ? ctx.match.trim() : 'help')
  router.onCommand('start', privateOnly(samePayload), async (ctx) => {
    const payload = ctx.match.trim()
    const claimToken = startPayload.claim.unpack(payload)
    if (claimToken) return claim(ctx, claimToken)
    const codeToken = startPayload.receiveCode.unpack(payload)
    if (codeToken) return openReceiveCode(ctx, codeToken)
    const orderToken = startPayload.order.unpack(payload)
    if (orderToken) return openOrder(ctx, orderToken)
    const entryToken = startPayload.password.unpack(payload)
    if (entryToken) return services.passwords.reopen(ctx, entryToken)
    if (payload && payload !== 'help') await ctx.reply(ctx.t('link-unknown'))
    const { balanceMinor } = await ctx.core.balances.of(ctx.wallet.id)
    await ctx.reply(
      ctx.t('welcome', { name: esc(ctx.wallet.firstName), balance: money(balanceMinor, config.currency, localeOf(ctx)), bot: ctx.me.username }),
    )
  })

  async function claim(ctx: BotContext, token: string) {
    const { claim, alreadyYours } = await ctx.core.claims.claim(token, ctx.wallet.id)
    if (alreadyYours) return ctx.reply(ctx.t('claim-already-yours'))
    const locale = localeOf(ctx)
    const sender = await ctx.core.users.get(claim.senderUserId)
    const { balanceMinor } = await ctx.core.balances.of(ctx.wallet.id, claim.currency)
    await ctx.reply(
      ctx.t('claim-received', { amount: money(claim.amountMinor, claim.currency, locale), from: payeeLabel(sender), balance: money(balanceMinor, claim.currency, locale) }) +
        (claim.memo ? `\n${ctx.t('memo-line', { memo: esc(claim.memo) })}` : ''),
    )
    await services.outbox.deliver([noticeKeys.claimAccepted(claim.id)])
  }
}

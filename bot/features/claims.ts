import { buttons } from '../callback-data.js'
import type { Router } from '../router.js'
import { localeOf } from '../i18n.js'
import { money } from '../render.js'
import { editQuietly } from './send.js'

/** "Take it back" on a claim link nobody opened yet (claiming itself is a /start deep link). */
export function claimsFeature(router: Router): void {
  router.onButton(buttons.cancelClaim, async (ctx, token) => {
    const { claim } = await ctx.core.claims.cancel(token, ctx.wallet.id)
    const text = ctx.t('claim-cancelled', { amount: money(claim.amountMinor, claim.currency, localeOf(ctx)) })
    await editQuietly(ctx, text)
    await ctx.answerCallbackQuery(text)
  })
}

import { InlineKeyboard } from 'grammy'
import type { HeldPayment } from '../../core/security/review.js'
import { isAdmin } from '../../core/wallet/config.js'
import { adminOnly } from '../admin-only.js'
import { buttons } from '../callback-data.js'
import type { BotContext, BotServices } from '../context.js'
import { localeOf } from '../i18n.js'
import { riskRulesInWords } from '../middleware/error-boundary.js'
import { esc, formatTime, money, payeeLabel } from '../render.js'
import type { Router } from '../router.js'

const DECIDED_KEYS: Record<Exclude<HeldPayment['status'], 'held'>, string> = {
  approved: 'review-decided-approved',
  rejected: 'review-decided-rejected',
  expired: 'review-decided-expired',
}

/**
 * `/review` (admins): the payments risk control held (交易审核中), oldest first, each on a
 * card of its own with Approve and Reject. A press decides once: the money moves with the
 * decision, the payer (and, when approved, the payee) is told through the outbox, and the
 * card says what was decided; a second press, by anyone, changes nothing.
 */
export function reviewFeature(router: Router, services: BotServices): void {
  const { wallet: config, outbox } = services
  router.onCommand('review', adminOnly(config))

  router.onCommand('review', async (ctx) => {
    const { waiting, first } = await ctx.core.reviews.queue()
    if (waiting === 0) return ctx.reply(ctx.t('review-empty'))
    await ctx.reply(ctx.t('review-waiting', { count: waiting, shown: first.length }))
    for (const held of first) await ctx.reply(await cardText(ctx, held), { reply_markup: keyboard(ctx, held.id) })
  })

  router.onButton(buttons.review, async (ctx, { heldPaymentId, decision }) => {
    if (!isAdmin(config, ctx.from!.id)) return ctx.answerCallbackQuery({ text: ctx.personal('not-admin'), show_alert: true })
    const { held, decidedNow, notices } = await ctx.core.reviews.decide(heldPaymentId, decision, BigInt(ctx.from!.id))
    const outcome = ctx.t(DECIDED_KEYS[held.status as keyof typeof DECIDED_KEYS])
    await ctx.answerCallbackQuery({ text: decidedNow ? outcome : ctx.t('review-already-decided', { outcome }), show_alert: !decidedNow })
    await ctx.editMessageText(`${await cardText(ctx, held)}\n\n${outcome}`).catch((error) => ctx.log.warn({ err: error }, 'could not edit a review card'))
    // Written with the decision; sent now (once), not at the outbox's next round.
    if (decidedNow) await outbox.deliver(notices)
  })

  async function cardText(ctx: BotContext, held: HeldPayment): Promise<string> {
    const [payer, payee] = await Promise.all([ctx.core.users.get(held.payerUserId), ctx.core.users.get(held.payeeUserId)])
    const zone = ctx.core.config.timeZone
    const text = ctx.t('review-card', {
      id: held.id,
      time: formatTime(held.createdAt, zone),
      from: payeeLabel(payer),
      to: payeeLabel(payee),
      amount: money(held.amountMinor, held.currency, localeOf(ctx)),
      rules: riskRulesInWords(ctx.t.bind(ctx), held.reasons),
      expires: formatTime(held.expiresAt, zone),
    })
    return held.memo ? `${text}\n${ctx.t('memo-line', { memo: esc(held.memo) })}` : text
  }

  const keyboard = (ctx: BotContext, heldPaymentId: number) =>
    new InlineKeyboard()
      .text(ctx.t('button-review-approve'), buttons.review.pack({ heldPaymentId, decision: 'approve' }))
      .text(ctx.t('button-review-reject'), buttons.review.pack({ heldPaymentId, decision: 'reject' }))

}

import { InlineKeyboard } from 'grammy'
import { noticeKeys } from '../../core/common/keys.js'
import { isDomainError } from '../../core/errors.js'
import type { RefundRequest } from '../../core/merchants/refunds.js'
import { parseAmount } from '../../core/money/index.js'
import { entryTargets } from '../../core/security/password-entry.js'
import { buttons } from '../callback-data.js'
import type { BotContext, BotServices } from '../context.js'
import { localeFor, localeOf } from '../i18n.js'
import { privateOnly } from '../private-only.js'
import { money, payeeLabel } from '../render.js'
import type { Router } from '../router.js'

type Translate = (key: string, vars?: Record<string, string | number>) => string

/**
 * `/refund <order no.> [amount]`: the merchant's owner gives back all or part of a payment
 * (without an amount, all that is left of it). A card first; its Confirm needs the owner's
 * payment password and refunds once; the payer is told.
 */
export function refundsFeature(router: Router, services: BotServices): void {
  const { wallet: config } = services

  router.onCommand('refund', privateOnly(), async (ctx) => {
    const [number = '', amountText] = ctx.match.trim().split(/\s+/)
    if (!/^\d{1,12}$/.test(number)) return ctx.reply(ctx.t('refund-usage'))
    const amountMinor = amountText ? parseAmount(amountText, { currency: config.currency, maxMinor: config.maxPaymentMinor }) : null
    const request = await ctx.core.merchants.requestRefund({ ownerUserId: ctx.wallet.id, orderId: Number(number), amountMinor })
    await ctx.reply(await refundCardText(ctx, request), { reply_markup: refundKeyboard(ctx, request.refund.token) })
  })

  router.onButton(buttons.confirmRefund, async (ctx, token) => {
    let done: Awaited<ReturnType<BotContext['core']['merchants']['confirmRefund']>>
    try {
      done = await ctx.core.merchants.confirmRefund(token, ctx.wallet.id)
    } catch (error) {
      if (isDomainError(error, 'PASSWORD_REQUIRED')) return askRefundPassword(ctx, token)
      throw error
    }
    await refunded(ctx, done)
  })

  router.onButton(buttons.cancelRefund, async (ctx, token) => {
    const refund = await ctx.core.merchants.cancelRefund(token, ctx.wallet.id)
    await ctx.answerCallbackQuery()
    if (refund.status === 'cancelled') await ctx.editMessageText(ctx.t('refund-cancelled')).catch((error) => ctx.log.warn({ err: error }, 'could not edit a refund card'))
  })

  services.passwords.onVerified('refund', async (ctx, entry) => {
    await refunded(ctx, await ctx.core.merchants.confirmRefund(entry.target!.slice(entryTargets.refund('').length), ctx.wallet.id))
  })

  const refundKeyboard = (ctx: BotContext, token: string) =>
    new InlineKeyboard().text(ctx.t('button-confirm-refund'), buttons.confirmRefund.pack(token)).text(ctx.t('button-cancel'), buttons.cancelRefund.pack(token))

  async function refundCardText(ctx: BotContext, request: RefundRequest, t: Translate = ctx.t.bind(ctx)): Promise<string> {
    const { refund, order } = request
    const payer = await ctx.core.users.get(order.payerUserId!)
    const fmt = (minor: bigint) => money(minor, order.currency, localeOf(ctx))
    return t('refund-card', { amount: fmt(refund.amountMinor), number: order.id, paid: fmt(order.amountMinor), left: fmt(request.leftMinor), to: payeeLabel(payer) })
  }

  /** A refund above nothing needs the owner's password, on the keypad in private. */
  async function askRefundPassword(ctx: BotContext, token: string) {
    const request = await ctx.core.merchants.refundRequest(token, ctx.wallet.id)
    await services.passwords.ask(ctx, {
      purpose: 'refund',
      target: entryTargets.refund(token),
      summary: ctx.personal('refund-password', { amount: money(request.refund.amountMinor, request.order.currency, localeFor(ctx.wallet)), number: request.order.id }),
      card: { text: await refundCardText(ctx, request), keyboard: refundKeyboard(ctx, token) },
    })
  }

  async function refunded(ctx: BotContext, done: RefundRequest & { alreadyDone: boolean }) {
    const { refund, order } = done
    const payer = await ctx.core.users.get(order.payerUserId!)
    const fmt = (minor: bigint) => money(minor, order.currency, localeOf(ctx))
    await ctx.answerCallbackQuery(ctx.personal(done.alreadyDone ? 'refund-already-done' : 'refund-done-alert'))
    await ctx.editMessageText(ctx.t('refund-done', { amount: fmt(refund.amountMinor), to: payeeLabel(payer), number: order.id, left: fmt(done.leftMinor) })).catch((error) => ctx.log.warn({ err: error }, 'could not edit a refund card'))
    if (!done.alreadyDone) await services.outbox.deliver([noticeKeys.refunded(refund.id)])
  }
}

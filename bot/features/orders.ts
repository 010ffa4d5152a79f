import { InlineKeyboard, InputFile } from 'grammy'
import { isDomainError } from '../../core/errors.js'
import type { OrderPayment } from '../../core/merchants/orders.js'
import { parseAmount } from '../../core/money/index.js'
import { entryTargets } from '../../core/security/password-entry.js'
import { buttons, startPayload, startLink } from '../callback-data.js'
import { parsePaymentArgs } from '../command-args.js'
import type { BotContext, BotServices } from '../context.js'
import { localeFor, localeOf } from '../i18n.js'
import { orderCardKeyboard, orderCardText } from '../order-card.js'
import { privateOnly } from '../private-only.js'
import { renderReceiveCodePicture } from '../qr/receive-code-picture.js'
import { esc, formatTime, money } from '../render.js'
import type { Router } from '../router.js'

/**
 * Merchant orders: `/charge <amount> [description]` makes an order with a QR code and a link
 * that anyone may pay once within 30 minutes, with Close order for the owner; its card (from
 * the link, a photo, or an amount typed at a static code) has Pay. Paying goes through the
 * authorization step like any payment (the keypad above the free amounts); the owner and the
 * cashiers hear 收款到账.
 */
export function ordersFeature(router: Router, services: BotServices): void {
  const { wallet: config } = services

  router.onCommand('charge', privateOnly(), async (ctx) => {
    const args = parsePaymentArgs(ctx.msg.text, ctx.msg.entities)
    if (!args.amountText) return ctx.reply(ctx.t('charge-usage'))
    const amountMinor = parseAmount(args.amountText, { currency: config.currency, maxMinor: config.maxPaymentMinor })
    const { merchant, order } = await ctx.core.merchants.charge({ ownerUserId: ctx.wallet.id, amountMinor, description: args.memo })
    const link = startLink(ctx.me.username, startPayload.order.pack(order.token))
    const amount = money(order.amountMinor, order.currency, localeOf(ctx))
    const expires = formatTime(order.expiresAt, ctx.core.statements.zoneOf(ctx.wallet))
    const details = [ctx.t('order-picture-number', { number: order.id }), ...(order.description ? [order.description] : []), ctx.t('receive-picture-expires', { time: expires })]
    const picture = await renderReceiveCodePicture({ link, title: ctx.t('order-picture-title'), payee: merchant.name, amount, caption: ctx.t('receive-picture-caption'), details })
    await ctx.replyWithPhoto(new InputFile(picture.png, `lingqian-order-${order.id}.png`), {
      caption: ctx.t('charge-caption', { merchant: esc(merchant.name), amount, number: order.id, time: expires, link }),
      reply_markup: new InlineKeyboard().text(ctx.t('button-close-order'), buttons.closeOrder.pack(order.token)),
    })
  })

  router.onButton(buttons.payOrder, async (ctx, token) => {
    let payment: OrderPayment
    try {
      payment = await ctx.core.merchants.pay(token, { userId: ctx.wallet.id, telegramId: BigInt(ctx.from!.id) })
    } catch (error) {
      if (isDomainError(error, 'PASSWORD_REQUIRED')) return askPassword(ctx, token)
      throw error
    }
    await paid(ctx, payment)
  })

  router.onButton(buttons.dismissOrder, async (ctx) => {
    await ctx.answerCallbackQuery()
    await ctx.editMessageText(ctx.t('order-dismissed')).catch((error) => ctx.log.warn({ err: error }, 'could not edit an order card'))
  })

  router.onButton(buttons.closeOrder, async (ctx, token) => {
    const order = await ctx.core.merchants.close(token, ctx.wallet.id)
    await ctx.answerCallbackQuery(ctx.personal(order.status === 'closed' ? 'order-closed' : 'order-already-ended'))
    await ctx.editMessageReplyMarkup().catch((error) => ctx.log.warn({ err: error }, 'could not edit an order message'))
  })

  /** Above the free amounts: the password, on the keypad in private, pays the order. */
  async function askPassword(ctx: BotContext, token: string) {
    const { order, merchant } = await ctx.core.merchants.order(token)
    const amount = money(order.amountMinor, order.currency, localeFor(ctx.wallet))
    await services.passwords.ask(ctx, {
      purpose: 'pay_order',
      target: entryTargets.order(token),
      summary: ctx.personal('order-password', { merchant: esc(merchant.name), amount }),
      card: { text: orderCardText(ctx, order, merchant), keyboard: orderCardKeyboard(ctx, token) },
    })
  }

  services.passwords.onVerified('pay_order', async (ctx, entry) => {
    await paid(ctx, await ctx.core.merchants.pay(entry.target!.slice(entryTargets.order('').length), { userId: ctx.wallet.id, telegramId: BigInt(ctx.from!.id) }))
  })

  /** The card becomes the receipt (支付成功); the owner's notice was written with the money and goes out now. */
  async function paid(ctx: BotContext, payment: OrderPayment) {
    const { order, merchant } = payment
    const locale = localeFor(ctx.wallet)
    const amount = money(order.amountMinor, order.currency, locale)
    if (payment.alreadyDone) await ctx.answerCallbackQuery(ctx.personal('order-already-paid'))
    else await ctx.answerCallbackQuery(ctx.personal('order-paid-alert', { amount, balance: money(payment.balanceAfterMinor, order.currency, locale) }))
    const text = ctx.t('order-paid', { merchant: esc(merchant.name), amount: money(order.amountMinor, order.currency, localeOf(ctx)), number: order.id })
    await ctx.editMessageText(text).catch((error) => ctx.log.warn({ err: error }, 'could not edit an order card'))
    await services.outbox.deliver(payment.notices)
  }

  /** `/merchant bills`: the merchant's own latest takings, refunds and moves to the wallet. */
}

import { InlineKeyboard, InputFile } from 'grammy'
import { noticeKeys } from '../../core/common/keys.js'
import { isDomainError } from '../../core/errors.js'
import type { OrderPayment } from '../../core/merchants/orders.js'
import type { RefundRequest } from '../../core/merchants/refunds.js'
import { parseAmount } from '../../core/money/index.js'
import { entryTargets } from '../../core/security/password-entry.js'
import { billLine } from '../bills/bills-page.js'
import { buttons, startPayload } from '../callback-data.js'
import { parsePaymentArgs } from '../command-args.js'
import type { BotContext, BotServices } from '../context.js'
import { localeFor, localeOf } from '../i18n.js'
import { orderCardKeyboard, orderCardText } from '../order-card.js'
import { pressedInPrivate, privateOnly } from '../private-only.js'
import { renderReceiveCodePicture } from '../qr/receive-code-picture.js'
import { resolveRecipient } from '../recipients.js'
import { esc, formatTime, money, payeeLabel, personLabel } from '../render.js'
import type { Router } from '../router.js'

type Translate = (key: string, vars?: Record<string, string | number>) => string

/**
 * Merchants (商户), in private chat. `/merchant <name> | <category>` opens the person's
 * merchant (its takings go to an account of its own); `/merchant` shows its dashboard
 * (takings today and this month, the latest payments, Move to my wallet); `/merchant code`
 * sends its static code (the payer types the amount); `/charge <amount> [description]` makes
 * an order with a QR code and a link that anyone may pay once within 30 minutes, with Close
 * order for the owner. Paying an order goes through the authorization step like any payment;
 * the owner hears 收款到账 for each. `/refund <order no.> [amount]` gives back all or part of a
 * payment, with the owner's password.
 */
export function merchantFeature(router: Router, services: BotServices): void {
  const { wallet: config } = services

  router.onCommand('merchant', privateOnly(), async (ctx) => {
    const args = ctx.match.trim()
    if (args.toLowerCase() === 'code') return sendStaticCode(ctx)
    if (/^staff\b/i.test(args)) return staff(ctx, args.split(/\s+/).slice(1))
    if (args.toLowerCase() === 'bills') return bills(ctx)
    if (await ctx.core.merchants.of(ctx.wallet.id)) return showDashboard(ctx)
    const [name = '', category = ''] = args.split('|').map((part) => part.trim())
    if (!name || !category) return ctx.reply(ctx.t('merchant-usage'))
    await ctx.core.merchants.create({ ownerUserId: ctx.wallet.id, name, category })
    await ctx.reply(ctx.t('merchant-created'))
    await showDashboard(ctx)
  })

  /** Moves the takings to the owner's wallet, once per dashboard message. */
  router.onButton(buttons.settleMerchant, async (ctx) => {
    if (!(await pressedInPrivate(ctx))) return
    const message = ctx.callbackQuery.message!
    const settled = await ctx.core.merchants.settle(ctx.wallet.id, { chatId: message.chat.id, messageId: message.message_id })
    const locale = localeFor(ctx.wallet)
    await ctx.answerCallbackQuery(settled.alreadyDone ? ctx.personal('merchant-settled-already') : ctx.personal('merchant-settled', { amount: money(settled.amountMinor, config.currency, locale) }))
    if (!settled.alreadyDone) await ctx.editMessageText(await dashboardText(ctx), { reply_markup: dashboardKeyboard(ctx) }).catch((error) => ctx.log.warn({ err: error }, 'could not edit a dashboard'))
  })

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

  router.onCommand('charge', privateOnly(), async (ctx) => {
    const args = parsePaymentArgs(ctx.msg.text, ctx.msg.entities)
    if (!args.amountText) return ctx.reply(ctx.t('charge-usage'))
    const amountMinor = parseAmount(args.amountText, { currency: config.currency, maxMinor: config.maxPaymentMinor })
    const { merchant, order } = await ctx.core.merchants.charge({ ownerUserId: ctx.wallet.id, amountMinor, description: args.memo })
    const link = `https://t.me/${ctx.me.username}?start=${startPayload.order.pack(order.token)}`
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
  async function bills(ctx: BotContext) {
    const { merchant, items } = await ctx.core.merchants.bills(ctx.wallet.id)
    const lines = items.map((item, i) => `${i + 1}. ${billLine(ctx, item)}`)
    await ctx.reply([ctx.t('merchant-bills-title', { name: esc(merchant.name) }), '', ...(lines.length ? lines : [ctx.t('bills-empty')])].join('\n'))
  }

  /** `/merchant staff` lists the cashiers; `staff @user` adds one, `staff remove @user` removes one. */
  async function staff(ctx: BotContext, words: string[]) {
    const remove = words[0]?.toLowerCase() === 'remove'
    const named = (remove ? words[1] : words[0])?.replace(/^@/, '')
    if (!named) {
      const people = await Promise.all((await ctx.core.merchants.staff(ctx.wallet.id)).map((userId) => ctx.core.users.get(userId)))
      return ctx.reply(people.length ? ctx.t('staff-list', { who: people.map(personLabel).join(', ') }) : ctx.t('staff-none'))
    }
    const found = await resolveRecipient(ctx, services, { username: named }, false)
    if (found.kind !== 'user') return ctx.reply(ctx.t('user-unknown', { username: `@${esc(named)}` }))
    if (remove) {
      const removed = await ctx.core.merchants.removeStaff(ctx.wallet.id, found.user.id)
      return ctx.reply(ctx.t(removed ? 'staff-removed' : 'staff-not-staff', { who: personLabel(found.user) }))
    }
    await ctx.core.merchants.addStaff(ctx.wallet.id, found.user.id)
    await ctx.reply(ctx.t('staff-added', { who: personLabel(found.user) }))
  }

  async function sendStaticCode(ctx: BotContext) {
    const { code, merchant } = await ctx.core.merchants.staticCode(ctx.wallet.id)
    const link = `https://t.me/${ctx.me.username}?start=${startPayload.receiveCode.pack(code.token)}`
    const picture = await renderReceiveCodePicture({ link, title: ctx.t('merchant-picture-title'), payee: merchant.name, amount: null, caption: ctx.t('receive-picture-caption'), details: [merchant.category] })
    await ctx.replyWithPhoto(new InputFile(picture.png, 'lingqian-merchant-code.png'), { caption: ctx.t('merchant-code-caption', { merchant: esc(merchant.name), link }) })
  }

  async function showDashboard(ctx: BotContext) {
    await ctx.reply(await dashboardText(ctx), { reply_markup: dashboardKeyboard(ctx) })
  }

  const dashboardKeyboard = (ctx: BotContext) => new InlineKeyboard().text(ctx.t('button-merchant-settle'), buttons.settleMerchant.pack('settle'))

  /** 🏪 name · category; takings today and this month; what the merchant holds; the latest payments with their refunds. */
  async function dashboardText(ctx: BotContext): Promise<string> {
    const board = await ctx.core.merchants.dashboard(ctx.wallet)
    const locale = localeOf(ctx)
    const zone = ctx.core.statements.zoneOf(ctx.wallet)
    const fmt = (minor: bigint) => money(minor, config.currency, locale)
    const lines = [
      ctx.t('merchant-card', {
        name: esc(board.merchant.name),
        category: esc(board.merchant.category),
        today: fmt(board.today.amountMinor),
        todayCount: board.today.count,
        month: fmt(board.month.amountMinor),
        monthCount: board.month.count,
        balance: fmt(board.balanceMinor),
      }),
    ]
    if (board.latest.length) lines.push('', ctx.t('merchant-latest-heading'))
    for (const payment of board.latest) {
      const payer = await ctx.core.users.get(payment.payerUserId)
      const refundedPart = payment.refundedMinor > 0n ? ctx.t('merchant-latest-refunded', { amount: fmt(payment.refundedMinor) }) : ''
      lines.push(ctx.t('merchant-latest-line', { number: payment.orderId, time: formatTime(payment.paidAt, zone), amount: fmt(payment.amountMinor), from: personLabel(payer) }) + refundedPart)
    }
    return lines.join('\n')
  }

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

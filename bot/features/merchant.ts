import { InlineKeyboard, InputFile } from 'grammy'
import { billLine } from '../bills/bills-page.js'
import { buttons, startPayload, startLink } from '../callback-data.js'
import type { BotContext, BotServices } from '../context.js'
import { localeFor, localeOf } from '../i18n.js'
import { pressedInPrivate, privateOnly } from '../private-only.js'
import { renderReceiveCodePicture } from '../qr/receive-code-picture.js'
import { resolveRecipient } from '../recipients.js'
import { esc, formatTime, money, personLabel } from '../render.js'
import type { Router } from '../router.js'
import { merchantApiCommand, resendCommand } from './merchant-api.js'

/**
 * Merchants (商户), in private chat. `/merchant <name> | <category>` opens the person's
 * merchant (its takings go to an account of its own); `/merchant` shows its dashboard
 * (takings today and this month, the latest payments, Move to my wallet); `/merchant code`
 * sends its static code (the payer types the amount); `/merchant bills` its own journal;
 * `/merchant staff [remove] @user` names cashiers; `/merchant api` and `/merchant resend`
 * are the merchant API's (merchant-api.ts). Orders are in orders.ts, refunds in refunds.ts.
 */
export function merchantFeature(router: Router, services: BotServices): void {
  const { wallet: config } = services

  router.onCommand('merchant', privateOnly(), async (ctx) => {
    const args = ctx.match.trim()
    if (args.toLowerCase() === 'code') return sendStaticCode(ctx)
    if (/^staff\b/i.test(args)) return staff(ctx, args.split(/\s+/).slice(1))
    if (args.toLowerCase() === 'bills') return bills(ctx)
    if (/^api\b/i.test(args)) return merchantApiCommand(ctx, services, args.split(/\s+/).slice(1))
    if (/^resend\b/i.test(args)) return resendCommand(ctx, args.split(/\s+/)[1])
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
    const link = startLink(ctx.me.username, startPayload.receiveCode.pack(code.token))
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
    const payers = await Promise.all(board.latest.map((payment) => ctx.core.users.get(payment.payerUserId)))
    for (const [i, payment] of board.latest.entries()) {
      const payer = payers[i]!
      const refundedPart = payment.refundedMinor > 0n ? ctx.t('merchant-latest-refunded', { amount: fmt(payment.refundedMinor) }) : ''
      lines.push(ctx.t('merchant-latest-line', { number: payment.orderId, time: formatTime(payment.paidAt, zone), amount: fmt(payment.amountMinor), from: personLabel(payer) }) + refundedPart)
    }
    return lines.join('\n')
  }
}

import { InlineKeyboard } from 'grammy'
import type { BankOperationKind } from '../../core/bank/operations.js'
import { noticeKeys } from '../../core/common/keys.js'
import { parseAmount } from '../../core/money/index.js'
import { entryTargets } from '../../core/security/password-entry.js'
import { cardLabel } from '../bank/card-label.js'
import { factsOfOperation, operationOutcomeText, operationSummary } from '../bank/operation-text.js'
import { buttons } from '../callback-data.js'
import { parsePaymentArgs } from '../command-args.js'
import type { BotContext, BotServices } from '../context.js'
import { localeOf } from '../i18n.js'
import { pressedInPrivate } from '../private-only.js'
import { money } from '../render.js'
import type { Router } from '../router.js'

/*
 * Money between a bound card and the wallet, in the owner's private chat: `/topup <amount>`
 * (充值; an admin's `/topup @user …` is the admin feature's) and `/withdraw <amount>` (提现).
 * With several cards the owner picks one; then the keypad shows what the password confirms —
 * amount and card, and for a withdrawal the fee and the total — and the verified entry sends
 * it to the bank. The card the keypad becomes says the outcome; an outcome the bank gives
 * later arrives as a message of its own (the notice the core wrote with the money).
 */
export function bankFundingFeature(router: Router, services: BotServices): void {
  const { wallet: config } = services

  router.onCommand('topup', async (ctx, next) => {
    const args = parsePaymentArgs(ctx.msg.text, ctx.msg.entities)
    // In a group, or naming someone: an admin's top-up of that wallet.
    if (ctx.chat.type !== 'private' || args.username || args.mentionedUser) return next()
    await start(ctx, 'topup', args.amountText)
  })

  router.onCommand('withdraw', async (ctx) => {
    if (ctx.chat.type !== 'private') return ctx.reply(ctx.t('private-only'))
    await start(ctx, 'withdrawal', String(ctx.match ?? '').trim().split(/\s+/)[0] || undefined)
  })

  router.onButton(buttons.bankCardPick, async (ctx, pick) => {
    if (!(await pressedInPrivate(ctx))) return
    await askPassword(ctx, pick.kind, pick.cardToken, pick.amountMinor)
  })

  services.passwords.onVerified('bank_operation', async (ctx, entry) => {
    const token = entry.target!.slice(entryTargets.bankOperation('').length)
    const t = ctx.t.bind(ctx)
    const prepared = await ctx.core.bankCards.operation(ctx.wallet.id, token)
    await ctx.editMessageText(`${operationSummary(t, localeOf(ctx), factsOfOperation(prepared))}\n\n${ctx.t('bank-sending')}`).catch(() => undefined)
    const operation = await ctx.core.bankCards.confirm(ctx.wallet.id, token)
    await ctx.editMessageText(operationOutcomeText(t, localeOf(ctx), factsOfOperation(operation)))
    // Shown here: the notice written with the money is not sent as well. Still pending: it will be, when the bank answers.
    if (operation.status === 'succeeded' || operation.status === 'declined') await services.outbox.acknowledge([noticeKeys.bankOperationSettled(token)])
    await ctx.answerCallbackQuery()
  })

  /** The amount, then the card: straight to the keypad with one card, a choice with several. */
  async function start(ctx: BotContext, kind: BankOperationKind, amountText: string | undefined): Promise<void> {
    if (!amountText) return void (await ctx.reply(ctx.t(kind === 'topup' ? 'bank-topup-usage' : 'bank-withdraw-usage')))
    const amountMinor = parseAmount(amountText, { currency: config.currency, maxMinor: config.maxPaymentMinor })
    if (!ctx.core.bankCards.available) return void (await ctx.reply(ctx.t('cards-unavailable')))
    const cards = await ctx.core.bankCards.list(ctx.wallet.id)
    if (cards.length === 0) return void (await ctx.reply(ctx.t('bank-no-card'), { reply_markup: new InlineKeyboard().text(ctx.t('button-add-card'), buttons.cards.pack('add')) }))
    if (cards.length === 1) return askPassword(ctx, kind, cards[0]!.token, amountMinor)
    const keyboard = new InlineKeyboard()
    for (const card of cards) keyboard.text(cardLabel(ctx.t.bind(ctx), card), buttons.bankCardPick.pack({ kind, cardToken: card.token, amountMinor })).row()
    const amount = money(amountMinor, config.currency, localeOf(ctx))
    await ctx.reply(ctx.t(kind === 'topup' ? 'bank-pick-card-topup' : 'bank-pick-card-withdraw', { amount }), { reply_markup: keyboard })
  }

  /** The operation as it would go (the fee as of now), and the keypad for exactly it. */
  async function askPassword(ctx: BotContext, kind: BankOperationKind, cardToken: string, amountMinor: bigint): Promise<void> {
    const operation = await ctx.core.bankCards.prepare({ userId: ctx.wallet.id, cardToken, kind, amountMinor })
    const summary = operationSummary(ctx.t.bind(ctx), localeOf(ctx), factsOfOperation(operation))
    await services.passwords.ask(ctx, { purpose: 'bank_operation', target: entryTargets.bankOperation(operation.token), summary })
  }
}

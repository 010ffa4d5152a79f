import { InlineKeyboard } from 'grammy'
import { CODE_LENGTH, type BankCardView, type BindingPress, type BindingView } from '../../core/bank/cards.js'
import { entryTargets } from '../../core/security/password-entry.js'
import { cardLabel } from '../bank/card-label.js'
import { buttons } from '../callback-data.js'
import type { BotContext, BotServices } from '../context.js'
import { pressedInPrivate, privateOnly } from '../private-only.js'
import { esc } from '../render.js'
import type { Router } from '../router.js'

/*
 * `/cards` (银行卡): the bound cards, Add a card, and Remove for each. Adding: the person
 * sends the number and the cardholder's name in one message (deleted from the chat as soon
 * as it is read), the bank texts a verification code to the verified phone, and the code is
 * typed on a keypad bound to the binding's sequence number. Removing asks for the password.
 */

/** A card number is 13–19 digits: only a text with that many (spaces allowed) is looked at as one. */
const LOOKS_LIKE_CARD = /\d(?:[\s-]?\d){12,}/

export function bankCardsFeature(router: Router, services: BotServices): void {
  router.onCommand('cards', privateOnly(), async (ctx) => {
    const view = await renderCards(ctx)
    await ctx.reply(view.text, { reply_markup: view.keyboard })
  })

  router.onButton(buttons.cards, async (ctx) => {
    if (!(await pressedInPrivate(ctx))) return
    await ctx.core.bankCards.startBinding(ctx.wallet.id)
    await ctx.answerCallbackQuery()
    await ctx.reply(ctx.t('card-add-ask'))
  })

  router.on('message:text', async (ctx, next) => {
    if (ctx.chat.type !== 'private' || !LOOKS_LIKE_CARD.test(ctx.msg.text) || !(await ctx.core.bankCards.awaitingCardNumber(ctx.wallet.id))) return next()
    // The number leaves the chat history first, whatever the bank says about it.
    await ctx.deleteMessage().catch((error) => ctx.log.warn({ err: error }, 'could not delete a card number message'))
    const binding = await ctx.core.bankCards.submitCard(ctx.wallet.id, ctx.msg.text)
    const keypad = renderCodeKeypad(ctx, binding, null)
    await ctx.reply(keypad.text, { reply_markup: keypad.keyboard })
  })

  router.onButton(buttons.codeKey, async (ctx, press) => {
    if (!(await pressedInPrivate(ctx))) return
    const outcome = await ctx.core.bankCards.pressCodeKey({ ...press, userId: ctx.wallet.id })
    await ctx.editMessageText(...pressOutcome(ctx, outcome))
    await ctx.answerCallbackQuery()
  })

  router.onButton(buttons.unbindCard, async (ctx, cardToken) => {
    if (!(await pressedInPrivate(ctx))) return
    const card = await ctx.core.bankCards.unbindable(ctx.wallet.id, cardToken)
    const summary = ctx.t('card-unbind-summary', { card: esc(cardLabel(ctx.t.bind(ctx), card)) })
    await services.passwords.ask(ctx, { purpose: 'unbind_card', target: entryTargets.unbindCard(cardToken), summary })
  })

  services.passwords.onVerified('unbind_card', async (ctx, entry) => {
    const cardToken = entry.target!.slice(entryTargets.unbindCard('').length)
    const card = await ctx.core.bankCards.unbind(ctx.wallet.id, cardToken)
    await ctx.editMessageText(ctx.t('card-unbound', { card: esc(cardLabel(ctx.t.bind(ctx), card)) }))
    await ctx.answerCallbackQuery()
  })
}

/** The list of cards, with Add a card and a Remove button per card. */
export async function renderCards(ctx: BotContext): Promise<{ text: string; keyboard: InlineKeyboard }> {
  if (!ctx.core.bankCards.available) return { text: ctx.t('cards-unavailable'), keyboard: new InlineKeyboard() }
  const cards = await ctx.core.bankCards.list(ctx.wallet.id)
  const keyboard = new InlineKeyboard().text(ctx.t('button-add-card'), buttons.cards.pack('add')).row()
  for (const card of cards) keyboard.text(ctx.t('button-unbind-card', { card: cardLabel(ctx.t.bind(ctx), card) }), buttons.unbindCard.pack(card.token)).row()
  const text = cards.length ? ctx.t('cards-list', { cards: cardLines(ctx, cards) }) : ctx.t('cards-empty')
  return { text, keyboard }
}

export const cardLines = (ctx: BotContext, cards: BankCardView[]) => cards.map((card) => `• ${esc(cardLabel(ctx.t.bind(ctx), card))}`).join('\n')

/** What a press on the code keypad leaves on the message: the keypad again, or how the binding ended. */
function pressOutcome(ctx: BotContext, outcome: BindingPress): [string, { reply_markup?: InlineKeyboard }] {
  switch (outcome.kind) {
    case 'typing':
    case 'wrong': {
      const keypad = renderCodeKeypad(ctx, outcome.binding, outcome.kind === 'wrong' ? ctx.t('card-code-wrong', { tries: outcome.binding.triesLeft ?? 0 }) : null)
      return [keypad.text, { reply_markup: keypad.keyboard }]
    }
    case 'cancelled':
      return [ctx.t('card-binding-cancelled'), {}]
    case 'expired':
      return [ctx.t('error-BINDING_EXPIRED'), {}]
    case 'too_many_tries':
      return [ctx.t('card-binding-failed'), {}]
    case 'bound':
      return [ctx.t('card-bound', { card: esc(cardLabel(ctx.t.bind(ctx), outcome.card)) }), {}]
  }
}

/** The verification code's keypad: where it was sent, ●●○○○○, the digits in order, ⌫ and ✕. */
function renderCodeKeypad(ctx: BotContext, binding: BindingView, notice: string | null): { text: string; keyboard: InlineKeyboard } {
  const card = cardLabel(ctx.t.bind(ctx), { bankCode: binding.bankCode, cardType: binding.cardType, last4: binding.last4 ?? '' })
  const dots = '●'.repeat(binding.filled) + '○'.repeat(CODE_LENGTH - binding.filled)
  const text = [ctx.t('card-code-prompt', { card: esc(card), phone: esc(binding.phoneMasked ?? '') }), notice, `<code>${dots}</code>`].filter(Boolean).join('\n\n')
  const key = (digit: number | 'back' | 'cancel') => buttons.codeKey.pack({ token: binding.token, seq: binding.seq, key: digit })
  const keyboard = new InlineKeyboard()
  for (let digit = 1; digit <= 9; digit++) {
    keyboard.text(String(digit), key(digit))
    if (digit % 3 === 0) keyboard.row()
  }
  keyboard.text('⌫', key('back')).text('0', key(0)).text('✕', key('cancel'))
  return { text, keyboard }
}

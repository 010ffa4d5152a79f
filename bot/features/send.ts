import { InlineKeyboard } from 'grammy'
import { isDomainError } from '../../core/errors.js'
import { parseAmount } from '../../core/money/index.js'
import { type CardOutcome, type Recipient } from '../../core/p2p/cards.js'
import { noticeKeys } from '../../core/common/keys.js'
import { entryTargets } from '../../core/security/password-entry.js'
import { buttons, startPayload, startLink } from '../callback-data.js'
import { parsePaymentArgs } from '../command-args.js'
import { cardKeyboard, cardText } from '../payment-card.js'
import type { BotContext, BotServices } from '../context.js'
import type { Router } from '../router.js'
import { localeFor, localeOf, type BotLocale } from '../i18n.js'
import { riskRulesInWords } from '../middleware/error-boundary.js'
import { resolveRecipient } from '../recipients.js'
import { esc, formatTime, money, payeeLabel } from '../render.js'

type Translate = (key: string, vars?: Record<string, string | number>) => string

/**
 * `/send`: a confirmation card first (who, how much, memo), then Confirm moves the money at
 * once and the card becomes the receipt — above the password-free amount, once the payer gave
 * their payment password on the keypad. Only the payer can press the card's buttons.
 */
export function sendFeature(router: Router, services: BotServices): void {
  const { wallet: config, outbox } = services

  router.onCommand('send', async (ctx) => {
    const args = parsePaymentArgs(ctx.msg.text, ctx.msg.entities)
    const inGroup = ctx.chat.type !== 'private'
    const found = await resolveRecipient(ctx, services, args)
    let recipient: Recipient
    let recipientLabel: string
    if (found.kind === 'user') {
      recipient = { userId: found.user.id }
      recipientLabel = payeeLabel(found.user)
    } else if (found.kind === 'username') {
      if (inGroup) return ctx.reply(ctx.t('send-unknown-in-group', { username: `@${esc(found.username)}` }))
      recipient = { username: found.username }
      recipientLabel = ctx.t('card-unknown-recipient', { username: `@${esc(found.username)}` })
    } else {
      return ctx.reply(ctx.t(inGroup ? 'send-group-needs-target' : 'send-usage'))
    }
    if (!args.amountText) return ctx.reply(ctx.t('send-usage'))

    const amountMinor = parseAmount(args.amountText, { currency: config.currency, maxMinor: config.maxPaymentMinor })
    const card = await ctx.core.cards.create({ fromUserId: ctx.wallet.id, to: recipient, amountMinor, memo: args.memo })
    await ctx.reply(cardText(ctx, card, recipientLabel), {
      reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
      reply_markup: cardKeyboard(ctx, card.token),
    })
  })

  router.onButton(buttons.confirmCard, async (ctx, token) => {
    let outcome: CardOutcome
    try {
      outcome = await ctx.core.cards.confirm(token, { userId: ctx.wallet.id, telegramId: BigInt(ctx.from!.id) })
    } catch (error) {
      // An expired card also says so on the card itself, so nobody presses it again.
      if (isDomainError(error, 'CARD_EXPIRED')) await editQuietly(ctx, ctx.t('card-expired'))
      if (isDomainError(error, 'PASSWORD_REQUIRED')) return askPassword(ctx, token)
      throw error
    }
    await answerOutcome(ctx, outcome)
    const view = await outcomeView(ctx, ctx.t.bind(ctx), localeOf(ctx), outcome)
    await editQuietly(ctx, view.text, view.keyboard)
    await deliverReceipt(ctx, outcome)
  })

  /** Above the password-free amount: the password, on the keypad in private, pays the card. */
  async function askPassword(ctx: BotContext, token: string) {
    const card = await ctx.core.cards.get(token, ctx.wallet.id)
    const to = async (translate: (key: string, vars?: Record<string, string | number>) => string) =>
      card.toUserId !== null ? payeeLabel(await ctx.core.users.get(card.toUserId)) : translate('card-unknown-recipient', { username: `@${esc(card.toUsername ?? '')}` })
    const amount = money(card.amountMinor, card.currency, localeFor(ctx.wallet))
    await services.passwords.ask(ctx, {
      purpose: 'pay_card',
      target: entryTargets.card(token),
      summary: ctx.personal('card-password', { to: await to(ctx.personal), amount }),
      card: { text: cardText(ctx, card, await to(ctx.t.bind(ctx))), keyboard: cardKeyboard(ctx, token) },
    })
  }

  services.passwords.onVerified('pay_card', async (ctx, entry, origin) => {
    const outcome = await ctx.core.cards.confirm(entry.target!.slice(entryTargets.card('').length), { userId: ctx.wallet.id, telegramId: BigInt(ctx.from!.id) })
    await answerOutcome(ctx, outcome)
    const view = await outcomeView(ctx, ctx.t.bind(ctx), localeOf(ctx), outcome)
    await editQuietly(ctx, view.text, view.keyboard)
    if (origin.chatId && origin.messageId) {
      // The group card the payment was started from shows the receipt too, in the group's language.
      const group = await outcomeView(ctx, services.passwords.groupTranslator(origin), origin.locale, outcome)
      await ctx.api.editMessageText(origin.chatId, origin.messageId, group.text, { reply_markup: group.keyboard, link_preview_options: { is_disabled: true } }).catch((error) => ctx.log.warn({ err: error }, 'could not edit a card'))
    }
    await deliverReceipt(ctx, outcome)
  })

  /** Answer first: the spinner on the payer's button stops as soon as the money moved. */
  const answerOutcome = (ctx: BotContext, outcome: CardOutcome) => {
    if (outcome.alreadyDone) return ctx.answerCallbackQuery(ctx.personal('already-paid'))
    if (outcome.kind === 'claim') return ctx.answerCallbackQuery()
    const { receipt } = outcome
    const payerLocale = localeFor(ctx.wallet)
    const amounts = { amount: money(receipt.amountMinor, receipt.currency, payerLocale), balance: money(receipt.fromBalanceAfterMinor, receipt.currency, payerLocale) }
    // Why it waits is the payer's to read alone, as a refusal's reasons are.
    if (receipt.held) return ctx.answerCallbackQuery({ text: ctx.personal('receipt-held-payer', { ...amounts, rules: riskRulesInWords(ctx.personal, receipt.held.reasons) }), show_alert: true })
    return ctx.answerCallbackQuery(ctx.personal('receipt-payer', amounts))
  }

  /** What the card becomes: the receipt, or the claim link to forward. */
  async function outcomeView(ctx: BotContext, t: Translate, locale: BotLocale, outcome: CardOutcome): Promise<{ text: string; keyboard?: InlineKeyboard }> {
    const memo = (value: string | null) => (value ? `\n${t('memo-line', { memo: esc(value) })}` : '')
    if (outcome.kind === 'transfer') {
      const { receipt } = outcome
      const payee = await ctx.core.users.get(receipt.toUserId)
      const time = formatTime(receipt.createdAt, ctx.core.statements.zoneOf(ctx.wallet))
      const vars = { amount: money(receipt.amountMinor, receipt.currency, locale), to: payeeLabel(payee), time }
      return { text: t(receipt.held ? 'receipt-held' : 'receipt', vars) + memo(receipt.memo) }
    }
    const { claim, card } = outcome
    const link = startLink(ctx.me.username, startPayload.claim.pack(claim.token))
    return {
      text: t('claim-created', { amount: money(claim.amountMinor, claim.currency, locale), to: `@${esc(card.toUsername ?? '')}`, link }) + memo(claim.memo),
      keyboard: claim.status === 'open' ? new InlineKeyboard().text(t('button-cancel-claim'), buttons.cancelClaim.pack(claim.token)) : undefined,
    }
  }

  /** The payee's receipt was written to the outbox with the money; send it now (once). */
  async function deliverReceipt(ctx: BotContext, outcome: CardOutcome) {
    if (outcome.kind !== 'transfer' || outcome.receipt.held) return
    const payee = await ctx.core.users.get(outcome.receipt.toUserId)
    await outbox.deliver([noticeKeys.transferReceived(outcome.receipt.postingId)], [payee, ctx.wallet])
  }

  router.onButton(buttons.cancelCard, async (ctx, token) => {
    const card = await ctx.core.cards.cancel(token, ctx.wallet.id)
    if (card.status === 'confirmed') return ctx.answerCallbackQuery(ctx.personal('already-paid'))
    await editQuietly(ctx, ctx.t('card-cancelled'))
    await ctx.answerCallbackQuery(ctx.personal('card-cancelled'))
  })
}

/**
 * Edits the message the button sits on. The press was already answered and the money (if
 * any) already moved: a card that cannot be edited (deleted, too old) is logged, not an error
 * for the person who pressed.
 */
export async function editQuietly(ctx: BotContext, text: string, keyboard?: InlineKeyboard): Promise<void> {
  try {
    await ctx.editMessageText(text, { reply_markup: keyboard, link_preview_options: { is_disabled: true } })
  } catch (error) {
    ctx.log.warn({ err: error }, 'could not edit a card')
  }
}


import { InlineKeyboard } from 'grammy'
import { isDomainError } from '../../core/errors.js'
import { parseAmount } from '../../core/money/index.js'
import { type CardOutcome, type PaymentCard, type Recipient } from '../../core/p2p/cards.js'
import { noticeKeys } from '../../core/common/keys.js'
import { buttons, startPayload } from '../callback-data.js'
import { parsePaymentArgs } from '../command-args.js'
import type { BotContext, BotServices } from '../context.js'
import type { Router } from '../router.js'
import { localeOf } from '../i18n.js'
import { resolveRecipient } from '../recipients.js'
import { esc, formatTime, money, payeeLabel, personLabel } from '../render.js'

/**
 * `/send`: a confirmation card first (who, how much, memo), then Confirm moves the money at
 * once and the card becomes the receipt. Only the payer can press the card's buttons.
 */
export function sendFeature(router: Router, services: BotServices): void {
  const { wallet: config, outbox } = services
  const fmt = (ctx: BotContext, amountMinor: bigint) => money(amountMinor, config.currency, localeOf(ctx))
  const memoLine = (ctx: BotContext, memo: string | null) => (memo ? `\n${ctx.t('memo-line', { memo: esc(memo) })}` : '')

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
      reply_markup: new InlineKeyboard()
        .text(ctx.t('button-confirm'), buttons.confirmCard.pack(card.token))
        .text(ctx.t('button-cancel'), buttons.cancelCard.pack(card.token)),
    })
  })

  const cardText = (ctx: BotContext, card: PaymentCard, to: string) =>
    ctx.t('card', { to, amount: fmt(ctx, card.amountMinor), from: personLabel(ctx.wallet) }) + memoLine(ctx, card.memo)

  router.onButton(buttons.confirmCard, async (ctx, token) => {
    let outcome: CardOutcome
    try {
      outcome = await ctx.core.cards.confirm(token, ctx.wallet.id, BigInt(ctx.from!.id))
    } catch (error) {
      // An expired card also says so on the card itself, so nobody presses it again.
      if (isDomainError(error, 'CARD_EXPIRED')) await editQuietly(ctx, ctx.t('card-expired'))
      throw error
    }
    if (outcome.kind === 'transfer') {
      const { receipt } = outcome
      // Answer first: the spinner on the payer's button stops as soon as the money moved.
      await ctx.answerCallbackQuery(
        outcome.alreadyDone
          ? ctx.personal('already-paid')
          : ctx.personal('receipt-payer', { amount: fmt(ctx, receipt.amountMinor), balance: fmt(ctx, receipt.fromBalanceAfterMinor) }),
      )
      const payee = await ctx.core.users.get(receipt.toUserId)
      await editQuietly(
        ctx,
        ctx.t('receipt', { amount: fmt(ctx, receipt.amountMinor), to: payeeLabel(payee), time: formatTime(receipt.createdAt, ctx.core.statements.zoneOf(ctx.wallet)) }) +
          memoLine(ctx, receipt.memo),
      )
      // The payee's receipt was written to the outbox with the money; send it now (once).
      await outbox.deliver([noticeKeys.transferReceived(receipt.postingId)], [payee, ctx.wallet])
      return
    }
    const { claim, card } = outcome
    await ctx.answerCallbackQuery(outcome.alreadyDone ? ctx.personal('already-paid') : undefined)
    const link = `https://t.me/${ctx.me.username}?start=${startPayload.claim.pack(claim.token)}`
    await editQuietly(
      ctx,
      ctx.t('claim-created', { amount: fmt(ctx, claim.amountMinor), to: `@${esc(card.toUsername ?? '')}`, link }) + memoLine(ctx, claim.memo),
      claim.status === 'open' ? new InlineKeyboard().text(ctx.t('button-cancel-claim'), buttons.cancelClaim.pack(claim.token)) : undefined,
    )
  })

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


import type { BotContext } from './context.js'
import { showOrderCard } from './order-card.js'
import { cardKeyboard, cardText } from './payment-card.js'
import { esc, payeeLabel } from './render.js'

/**
 * A scanned receive code (its deep link, or a photo of it): a fixed amount goes straight to
 * its confirmation card; an open one asks how much, and the amount the payer sends next
 * makes the card (features/receive.ts). Payee, amount and note always come from the code's
 * row, never from the link.
 */
export async function openReceiveCode(ctx: BotContext, token: string): Promise<void> {
  const code = await ctx.core.receiveCodes.open(token, ctx.wallet.id)
  if (code.amountMinor !== null) return showCodeCard(ctx, token, null)
  await ctx.core.receiveCodes.askAmount(token, ctx.wallet.id)
  const merchant = code.merchantId === null ? undefined : await ctx.core.merchants.of(code.ownerUserId)
  const to = merchant ? `🏪 ${esc(merchant.name)}` : payeeLabel(await ctx.core.users.get(code.ownerUserId))
  await ctx.reply(ctx.t('receive-ask-amount', { to }), { reply_markup: { force_reply: true, input_field_placeholder: ctx.t('receive-amount-placeholder') } })
}

/** The confirmation card paying a code (a merchant's: its order card), at its own amount or the one the payer typed. */
export async function showCodeCard(ctx: BotContext, token: string, amountMinor: bigint | null): Promise<void> {
  const payment = await ctx.core.receiveCodes.card(token, ctx.wallet.id, amountMinor)
  if (payment.kind === 'order') return showOrderCard(ctx, payment.order, payment.merchant)
  const payee = await ctx.core.users.get(payment.code.ownerUserId)
  await ctx.reply(cardText(ctx, payment.card, payeeLabel(payee)), { reply_markup: cardKeyboard(ctx, payment.card.token) })
}

/** A merchant order's link (`od_<token>`, a /charge QR): its card, from the order's row. */
export async function openOrder(ctx: BotContext, token: string): Promise<void> {
  const { order, merchant } = await ctx.core.merchants.payableOrder(token, ctx.wallet.id)
  await showOrderCard(ctx, order, merchant)
}

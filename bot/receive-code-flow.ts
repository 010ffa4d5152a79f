import type { BotContext } from './context.js'
import { cardKeyboard, cardText } from './payment-card.js'
import { payeeLabel } from './render.js'

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
  const payee = await ctx.core.users.get(code.ownerUserId)
  await ctx.reply(ctx.t('receive-ask-amount', { to: payeeLabel(payee) }), { reply_markup: { force_reply: true, input_field_placeholder: ctx.t('receive-amount-placeholder') } })
}

/** The confirmation card paying a code: its own amount, or the one the payer typed. */
export async function showCodeCard(ctx: BotContext, token: string, amountMinor: bigint | null): Promise<void> {
  const { code, card } = await ctx.core.receiveCodes.card(token, ctx.wallet.id, amountMinor)
  const payee = await ctx.core.users.get(code.ownerUserId)
  await ctx.reply(cardText(ctx, card, payeeLabel(payee)), { reply_markup: cardKeyboard(ctx, card.token) })
}

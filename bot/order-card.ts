import { InlineKeyboard } from 'grammy'
import type { Merchant } from '../core/merchants/merchants.js'
import type { MerchantOrder } from '../core/merchants/orders.js'
import { buttons } from './callback-data.js'
import type { BotContext } from './context.js'
import { localeOf } from './i18n.js'
import { esc, formatTime, money } from './render.js'

type Translate = (key: string, vars?: Record<string, string | number>) => string

/**
 * A merchant order as its payer sees it (🏪 the merchant, the amount, the order number and
 * description), with Pay / Cancel. The Pay button carries only the order's token: the amount
 * and the merchant come from the order's row, which never changes.
 */
export function orderCardText(ctx: BotContext, order: MerchantOrder, merchant: Merchant, t: Translate = ctx.t.bind(ctx)): string {
  const text = t('order-card', {
    merchant: esc(merchant.name),
    category: esc(merchant.category),
    amount: money(order.amountMinor, order.currency, localeOf(ctx)),
    number: order.id,
    expires: formatTime(order.expiresAt, ctx.core.statements.zoneOf(ctx.wallet)),
  })
  return order.description ? `${text}\n${t('order-description-line', { description: esc(order.description) })}` : text
}

export const orderCardKeyboard = (ctx: BotContext, token: string) =>
  new InlineKeyboard().text(ctx.t('button-pay'), buttons.payOrder.pack(token)).text(ctx.t('button-cancel'), buttons.dismissOrder.pack(token))

export async function showOrderCard(ctx: BotContext, order: MerchantOrder, merchant: Merchant): Promise<void> {
  await ctx.reply(orderCardText(ctx, order, merchant), { reply_markup: orderCardKeyboard(ctx, order.token) })
}

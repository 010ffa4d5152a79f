import { InlineKeyboard } from 'grammy'
import type { PaymentCard } from '../core/p2p/cards.js'
import { buttons } from './callback-data.js'
import type { BotContext } from './context.js'
import { localeOf } from './i18n.js'
import { esc, money, personLabel } from './render.js'

/*
 * A confirmation card (💸 who, how much, the note; Confirm / Cancel), whichever way it was
 * started: /send, a reply in a group, a scanned receive code. Its buttons carry only the
 * card's token; the presses are handled in features/send.ts.
 */

export const cardKeyboard = (ctx: BotContext, token: string) =>
  new InlineKeyboard().text(ctx.t('button-confirm'), buttons.confirmCard.pack(token)).text(ctx.t('button-cancel'), buttons.cancelCard.pack(token))

/** The card's text; `to` is the payee as HTML (payeeLabel, or the typed @username). */
export const cardText = (ctx: BotContext, card: PaymentCard, to: string) =>
  ctx.t('card', { to, amount: money(card.amountMinor, card.currency, localeOf(ctx)), from: personLabel(ctx.wallet) }) + (card.memo ? `\n${ctx.t('memo-line', { memo: esc(card.memo) })}` : '')

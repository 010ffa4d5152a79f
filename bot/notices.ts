import type { OutboxEvent } from '../core/outbox/outbox.js'
import type { BotLocale } from './i18n.js'
import { money } from './render.js'

type Translate = (key: string, vars?: Record<string, string | number>) => string
type Data = OutboxEvent['data']

const amount = (data: Data, field: string, locale: BotLocale) => money(BigInt(String(data[field])), String(data.currency), locale)

/**
 * How each outbox event reads, in the recipient's language at the moment it is sent. The
 * core records what happened; the wording lives here and in locales/.
 */
const NOTICES: Record<string, (t: Translate, locale: BotLocale, data: Data) => string> = {
  claim_expired: (t, locale, data) => t('claim-expired-notice', { amount: amount(data, 'amountMinor', locale) }),
  red_packet_expired: (t, locale, data) =>
    t('rp-expired-notice', { grabbed: Number(data.grabbed), count: Number(data.count), refund: amount(data, 'refundedMinor', locale) }),
}

/** The message for an event, or undefined for a type this version does not know. */
export function renderNotice(t: Translate, locale: BotLocale, event: Pick<OutboxEvent, 'type' | 'data'>): string | undefined {
  return NOTICES[event.type]?.(t, locale, event.data)
}

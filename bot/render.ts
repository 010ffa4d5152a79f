import { formatMoney, type Locale } from '../core/money/index.js'
import { truncateText } from '../core/text.js'
import type { WalletUser } from '../core/wallet/users.js'

/** Messages are HTML: anything a user typed (names, memos) is escaped before it goes in. */
export const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export const money = (amountMinor: bigint, currency: string, locale: Locale) => formatMoney(amountMinor, currency, locale)

/** Longest name shown; names are people's own text and can be long. */
const MAX_NAME = 24

/**
 * A first name as it may be shown: invisible and direction-changing characters removed (a
 * right-to-left override can make text read differently than it is), every "@" removed so
 * a name can never look like a @username, and cut to MAX_NAME graphemes. Not escaped.
 */
export function displayName(firstName: string): string {
  const cleaned = firstName
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[@＠﹫]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  return truncateText(cleaned || '?', MAX_NAME)
}

/**
 * `@alice` when they have a username, otherwise their (cleaned) first name. Escaped. A
 * username is only ever letters, digits and "_", and a name never contains "@": the two
 * forms cannot be mistaken for each other.
 */
export function personLabel(user: Pick<WalletUser, 'username' | 'firstName'>): string {
  return user.username ? `@${esc(user.username)}` : esc(displayName(user.firstName))
}

/**
 * Who is paid, on a card or a receipt: the name as the bot last saw it beside the username
 * ("Bob (@bobby)"), so a payer can notice a username that has changed hands, linked to the
 * person by id where Telegram can resolve it (someone who has started the bot).
 */
export function payeeLabel(user: Pick<WalletUser, 'username' | 'firstName' | 'telegramId' | 'startedAt'>): string {
  const name = esc(displayName(user.firstName))
  const shown = user.startedAt ? `<a href="tg://user?id=${user.telegramId}">${name}</a>` : name
  return user.username ? `${shown} (@${esc(user.username)})` : shown
}

const timeFormats = new Map<string, Intl.DateTimeFormat>()
/** The last minute formatted per zone: receipts of the same minute ask for it again and again. */
const lastFormatted = new Map<string, { minute: number; text: string }>()
const MINUTE_MS = 60_000

/** `2026-11-29 16:05` in the reader's time zone, the way a bill shows it (the same in every language). */
export function formatTime(date: Date, timeZone: string): string {
  // Today every time zone's offset is a whole number of minutes, so one minute reads the same throughout.
  const minute = Math.floor(date.getTime() / MINUTE_MS)
  const last = lastFormatted.get(timeZone)
  if (last?.minute === minute) return last.text
  let format = timeFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    timeFormats.set(timeZone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]))
  const text = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
  lastFormatted.set(timeZone, { minute, text })
  return text
}

import { formatMoney, type Locale } from '../core/money/index.js'
import type { WalletUser } from '../core/wallet/users.js'

/** Messages are HTML: anything a user typed (names, memos) is escaped before it goes in. */
export const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export const money = (amountMinor: bigint, currency: string, locale: Locale) => formatMoney(amountMinor, currency, locale)

/** `@alice` when they have a username, otherwise their first name. Escaped. */
export function personLabel(user: Pick<WalletUser, 'username' | 'firstName'>): string {
  return user.username ? `@${esc(user.username)}` : esc(user.firstName)
}


const timeFormats = new Map<string, Intl.DateTimeFormat>()

/** `2026-11-29 16:05` in the bot's time zone (TZ), the way a bill shows it. */
export function formatTime(date: Date, locale: Locale): string {
  let format = timeFormats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    })
    timeFormats.set(locale, format)
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}

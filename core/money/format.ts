import { currencyOf } from './currency.js'

export type Locale = 'en' | 'zh'

const INTL_LOCALE: Record<Locale, string> = { en: 'en-US', zh: 'zh-CN' }
const symbols = new Map<string, string>()

/** The short symbol Intl uses for a currency in a locale: `¥`, `$`, `€`, `HK$`. */
function symbolOf(currencyCode: string, locale: Locale): string {
  const key = `${locale}:${currencyCode}`
  let symbol = symbols.get(key)
  if (symbol === undefined) {
    const parts = new Intl.NumberFormat(INTL_LOCALE[locale], {
      style: 'currency',
      currency: currencyCode,
      currencyDisplay: 'narrowSymbol',
    }).formatToParts(1)
    symbol = parts.find((p) => p.type === 'currency')?.value ?? currencyCode
    symbols.set(key, symbol)
  }
  return symbol
}

/**
 * `¥1,234.50`, `-¥0.01`, `¥1,000` for JPY. Done on the digits of the bigint itself because
 * Intl.NumberFormat goes through a double and would drop fen above 2^53.
 */
export function formatMoney(amountMinor: bigint, currencyCode: string, locale: Locale): string {
  const sign = amountMinor < 0n ? '-' : ''
  return `${sign}${symbolOf(currencyOf(currencyCode).code, locale)}${formatMinorPlain(amountMinor < 0n ? -amountMinor : amountMinor, currencyCode, true)}`
}

/** `12.50` (or `1,234.50` when grouped): the amount without a symbol. */
export function formatMinorPlain(amountMinor: bigint, currencyCode: string, grouped = false): string {
  const { decimals } = currencyOf(currencyCode)
  const negative = amountMinor < 0n
  const digits = (negative ? -amountMinor : amountMinor).toString().padStart(decimals + 1, '0')
  let whole = digits.slice(0, digits.length - decimals)
  const fraction = digits.slice(digits.length - decimals)
  if (grouped) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`
}

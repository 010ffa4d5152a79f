import { DomainError } from '../errors.js'

export interface Currency {
  code: string
  /** Digits after the decimal point: 2 for CNY (fen), 0 for JPY. */
  decimals: number
  /** What people type before or after an amount, besides the ISO code itself. */
  symbols: readonly string[]
}

const CURRENCIES: Record<string, Currency> = {
  CNY: { code: 'CNY', decimals: 2, symbols: ['¥', '元', '块', 'RMB'] },
  USD: { code: 'USD', decimals: 2, symbols: ['$', 'US$'] },
  EUR: { code: 'EUR', decimals: 2, symbols: ['€'] },
  HKD: { code: 'HKD', decimals: 2, symbols: ['HK$'] },
  GBP: { code: 'GBP', decimals: 2, symbols: ['£'] },
  JPY: { code: 'JPY', decimals: 0, symbols: ['円'] },
}

export const DEFAULT_CURRENCY = 'CNY'

export function currencyOf(code: string): Currency {
  const currency = CURRENCIES[code.toUpperCase()]
  if (!currency) throw new DomainError('CURRENCY_UNKNOWN', { currency: code, known: Object.keys(CURRENCIES).join(', ') })
  return currency
}

export function isKnownCurrency(code: string): boolean {
  return code.toUpperCase() in CURRENCIES
}

/** Every symbol of every currency, longest first, so "HK$" is tried before "$". */
export const ALL_CURRENCY_SYMBOLS: ReadonlyArray<{ symbol: string; currency: string }> = Object.values(CURRENCIES)
  .flatMap((c) => [c.code, ...c.symbols].map((symbol) => ({ symbol, currency: c.code })))
  .sort((a, b) => b.symbol.length - a.symbol.length)

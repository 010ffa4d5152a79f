import { Decimal } from 'decimal.js'
import { DomainError } from '../errors.js'
import { truncateText } from '../text.js'
import { ALL_CURRENCY_SYMBOLS, currencyOf } from './currency.js'

export interface ParseAmountOptions {
  currency: string
  /** Largest accepted amount in minor units; larger input is refused, never capped. */
  maxMinor: bigint
}

/** Anything longer is not an amount someone typed; refuse before doing any work on it. */
const MAX_INPUT_LENGTH = 40
/**
 * decimal.js rounds arithmetic to 20 significant digits by default, which would turn
 * `1.000000000000000000001` into exactly 1. Forty typed characters need at most 40 digits;
 * with this precision nothing a person can type is ever rounded.
 */
const Exact = Decimal.clone({ precision: 2 * MAX_INPUT_LENGTH })
const PLAIN = /^(?:\d+(?:\.\d*)?|\.\d+)$/
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/

/**
 * Turns what people type into an integer count of minor units: `12`, `12.5`, `¥12.50`,
 * `12.5元`, full-width `１２．５`, `1,234.50`, with spaces around. Everything else is refused
 * with a DomainError whose code says why (and whose details say what is accepted).
 */
export function parseAmount(input: string, options: ParseAmountOptions): bigint {
  const currency = currencyOf(options.currency)
  const text = input.normalize('NFKC').trim()
  if (text === '') throw new DomainError('AMOUNT_EMPTY')
  if (text.length > MAX_INPUT_LENGTH) throw new DomainError('AMOUNT_MALFORMED', { input: `${truncateText(text, 12)}` })

  const number = stripCurrency(text, currency.code)
  if (/^[-−–]/.test(number)) throw new DomainError('AMOUNT_NOT_POSITIVE')
  const plain = GROUPED.test(number) ? number.replaceAll(',', '') : number
  if (!PLAIN.test(plain)) throw new DomainError('AMOUNT_MALFORMED', { input: text })

  const value = new Exact(plain)
  const minor = value.times(new Exact(10).pow(currency.decimals))
  if (value.decimalPlaces() > currency.decimals || !minor.isInteger()) {
    throw new DomainError('AMOUNT_TOO_PRECISE', { decimals: currency.decimals })
  }
  if (minor.isZero()) throw new DomainError('AMOUNT_NOT_POSITIVE')
  const amountMinor = BigInt(minor.toFixed(0))
  if (amountMinor > options.maxMinor) {
    throw new DomainError('AMOUNT_TOO_LARGE', { maxMinor: options.maxMinor.toString(), currency: currency.code })
  }
  return amountMinor
}

/** Removes one currency symbol or code before or after the number; refuses another currency's. */
function stripCurrency(text: string, expected: string): string {
  for (const { symbol, currency } of ALL_CURRENCY_SYMBOLS) {
    const upper = text.toUpperCase()
    const sym = symbol.toUpperCase()
    let rest: string | undefined
    if (upper.startsWith(sym)) rest = text.slice(symbol.length)
    else if (upper.endsWith(sym)) rest = text.slice(0, text.length - symbol.length)
    if (rest === undefined) continue
    if (currency !== expected) throw new DomainError('CURRENCY_MISMATCH', { expected, given: currency })
    return rest.trim()
  }
  return text
}

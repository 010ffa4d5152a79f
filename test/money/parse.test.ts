import { describe, expect, it } from 'vitest'
import { isDomainError } from '../../core/errors.js'
import { formatMoney, parseAmount } from '../../core/money/index.js'

const MAX = 5_000_000n // ¥50,000.00
const parse = (input: string, currency = 'CNY') => parseAmount(input, { currency, maxMinor: MAX })

// [input, minor units, formatted in English, formatted in Chinese]
const ACCEPTED: Array<[string, bigint, string, string]> = [
  ['12', 1200n, '¥12.00', '¥12.00'],
  ['12.5', 1250n, '¥12.50', '¥12.50'],
  ['12.50', 1250n, '¥12.50', '¥12.50'],
  ['0.01', 1n, '¥0.01', '¥0.01'],
  ['¥12.5', 1250n, '¥12.50', '¥12.50'],
  ['￥12.5', 1250n, '¥12.50', '¥12.50'],
  ['¥ 12.5', 1250n, '¥12.50', '¥12.50'],
  ['12.5元', 1250n, '¥12.50', '¥12.50'],
  ['12.5 元', 1250n, '¥12.50', '¥12.50'],
  ['12块', 1200n, '¥12.00', '¥12.00'],
  ['１２.５', 1250n, '¥12.50', '¥12.50'],
  ['１２．５０', 1250n, '¥12.50', '¥12.50'],
  ['1,234.50', 123450n, '¥1,234.50', '¥1,234.50'],
  ['1，234.50', 123450n, '¥1,234.50', '¥1,234.50'],
  ['  12  ', 1200n, '¥12.00', '¥12.00'],
  ['CNY 8', 800n, '¥8.00', '¥8.00'],
  ['8 rmb', 800n, '¥8.00', '¥8.00'],
  ['.5', 50n, '¥0.50', '¥0.50'],
  ['007', 700n, '¥7.00', '¥7.00'],
  ['50000', 5_000_000n, '¥50,000.00', '¥50,000.00'],
  ['12,345.6', 1_234_560n, '¥12,345.60', '¥12,345.60'],
  // Trailing zeros are exact, however many: nothing is rounded away.
  ['12.5000000000000000000000000000', 1250n, '¥12.50', '¥12.50'],
]

// [input, error code]
const REFUSED: Array<[string, string]> = [
  ['', 'AMOUNT_EMPTY'],
  ['   ', 'AMOUNT_EMPTY'],
  ['0', 'AMOUNT_NOT_POSITIVE'],
  ['0.00', 'AMOUNT_NOT_POSITIVE'],
  ['-1', 'AMOUNT_NOT_POSITIVE'],
  ['−5', 'AMOUNT_NOT_POSITIVE'],
  ['¥-3', 'AMOUNT_NOT_POSITIVE'],
  ['1e3', 'AMOUNT_MALFORMED'],
  ['12.345', 'AMOUNT_TOO_PRECISE'],
  ['0.001', 'AMOUNT_TOO_PRECISE'],
  ['NaN', 'AMOUNT_MALFORMED'],
  ['Infinity', 'AMOUNT_MALFORMED'],
  ['abc', 'AMOUNT_MALFORMED'],
  ['十二', 'AMOUNT_MALFORMED'],
  ['12.5.1', 'AMOUNT_MALFORMED'],
  ['1,23', 'AMOUNT_MALFORMED'],
  ['12,3456', 'AMOUNT_MALFORMED'],
  ['0x10', 'AMOUNT_MALFORMED'],
  ['+5', 'AMOUNT_MALFORMED'],
  ['5 6', 'AMOUNT_MALFORMED'],
  ['$12', 'CURRENCY_MISMATCH'],
  ['€3', 'CURRENCY_MISMATCH'],
  ['HK$3', 'CURRENCY_MISMATCH'],
  ['50000.01', 'AMOUNT_TOO_LARGE'],
  ['99999999999999999999999', 'AMOUNT_TOO_LARGE'],
  ['1'.repeat(60), 'AMOUNT_MALFORMED'],
  // decimal.js rounds to 20 significant digits by default; these must not become ¥1.00.
  ['1.000000000000000000001', 'AMOUNT_TOO_PRECISE'],
  ['0.999999999999999999999', 'AMOUNT_TOO_PRECISE'],
  ['49999.999999999999999999999', 'AMOUNT_TOO_PRECISE'],
]

describe('parseAmount: what people type (CNY)', () => {
  it('covers at least 40 inputs', () => {
    expect(ACCEPTED.length + REFUSED.length).toBeGreaterThanOrEqual(40)
  })

  it.each(ACCEPTED)('accepts %j as %s fen, shown as %s / %s', (input, minor, en, zh) => {
    expect(parse(input)).toBe(minor)
    expect(formatMoney(minor, 'CNY', 'en')).toBe(en)
    expect(formatMoney(minor, 'CNY', 'zh')).toBe(zh)
  })

  it.each(REFUSED)('refuses %j with %s', (input, code) => {
    let caught: unknown
    try {
      parse(input)
    } catch (error) {
      caught = error
    }
    expect(isDomainError(caught)).toBe(true)
    expect((caught as { code: string }).code).toBe(code)
  })

  it('says what is accepted: the limit and the decimals ride along with the refusal', () => {
    expect(() => parse('50000.01')).toThrowError(expect.objectContaining({ details: expect.objectContaining({ maxMinor: '5000000', currency: 'CNY' }) }))
    expect(() => parse('1.234')).toThrowError(expect.objectContaining({ details: expect.objectContaining({ decimals: 2 }) }))
  })
})

describe('other currencies', () => {
  it('uses each currency’s decimals', () => {
    expect(parse('1000', 'JPY')).toBe(1000n)
    expect(() => parse('10.5', 'JPY')).toThrowError(expect.objectContaining({ code: 'AMOUNT_TOO_PRECISE' }))
    expect(parse('$12.34', 'USD')).toBe(1234n)
    expect(parse('HK$12.34', 'HKD')).toBe(1234n)
    expect(() => parse('12', 'XXX')).toThrowError(expect.objectContaining({ code: 'CURRENCY_UNKNOWN' }))
  })

  it('formats without losing a fen beyond 2^53', () => {
    expect(formatMoney(123456789012345678901n, 'CNY', 'en')).toBe('¥1,234,567,890,123,456,789.01')
    expect(formatMoney(-1n, 'CNY', 'zh')).toBe('-¥0.01')
    expect(formatMoney(1000n, 'JPY', 'en')).toBe('¥1,000')
    expect(formatMoney(1050n, 'USD', 'en')).toBe('$10.50')
  })
})

import { createHmac } from 'node:crypto'
import { DomainError } from '../errors.js'

/** The banks the BIN table knows, by code (the bot names each in the reader's language). */
export const BANK_CODES = ['ICBC', 'CCB', 'ABC', 'BOC', 'CMB', 'BOCOM', 'PSBC', 'SPDB'] as const
export type BankCode = (typeof BANK_CODES)[number]
export type CardType = 'debit' | 'credit'

/**
 * A small table of issuer prefixes (BINs, the first six digits): enough to name the bank and
 * tell a debit card (储蓄卡) from a credit card (信用卡) for the common cards. A card whose BIN
 * is not here is still accepted, as a plain bank card.
 */
const BINS: Record<string, { bank: BankCode; type: CardType }> = {
  '622202': { bank: 'ICBC', type: 'debit' },
  '621226': { bank: 'ICBC', type: 'debit' },
  '625330': { bank: 'ICBC', type: 'credit' },
  '621700': { bank: 'CCB', type: 'debit' },
  '436742': { bank: 'CCB', type: 'credit' },
  '622848': { bank: 'ABC', type: 'debit' },
  '622836': { bank: 'ABC', type: 'credit' },
  '621661': { bank: 'BOC', type: 'debit' },
  '625907': { bank: 'BOC', type: 'credit' },
  '622588': { bank: 'CMB', type: 'debit' },
  '621483': { bank: 'CMB', type: 'debit' },
  '622575': { bank: 'CMB', type: 'credit' },
  '622262': { bank: 'BOCOM', type: 'debit' },
  '621799': { bank: 'PSBC', type: 'debit' },
  '622521': { bank: 'SPDB', type: 'debit' },
}

/** The card number as digits only, from what a person typed (`6222 0212-3456…`); refused unless 13–19 digits passing the Luhn check. */
export function normalizeCardNumber(raw: string): string {
  const digits = raw.replace(/[\s-]/g, '')
  if (!/^\d{13,19}$/.test(digits) || !passesLuhn(digits)) throw new DomainError('CARD_NUMBER_INVALID')
  return digits
}

/** The Luhn check every card number carries in its last digit (it catches a mistyped digit or two swapped neighbours). */
export function passesLuhn(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2
    sum += digit
  }
  return sum % 10 === 0
}

export interface CardFacts {
  bin: string
  last4: string
  bankCode: BankCode | null
  cardType: CardType | null
}

/** What may be kept and shown in clear: the BIN, the last four digits, and what the BIN says. */
export function cardFacts(number: string): CardFacts {
  const bin = number.slice(0, 6)
  const known = BINS[bin]
  return { bin, last4: number.slice(-4), bankCode: known?.bank ?? null, cardType: known?.type ?? null }
}

const MAX_HOLDER_CHARS = 40

/** The cardholder's name as typed, tidied; refused when empty, too long or not a name. */
export function normalizeHolderName(raw: string): string {
  const name = raw.normalize('NFC').replace(/\s+/g, ' ').trim()
  if (name.length === 0 || [...name].length > MAX_HOLDER_CHARS || /[\d<>@/\\]/.test(name)) throw new DomainError('CARD_HOLDER_INVALID')
  return name
}

/** `*三` for 张三, `J*** Smith` for John Smith: enough for the owner to recognise. */
export function maskHolderName(name: string): string {
  const words = name.split(' ')
  if (words.length > 1) return [`${[...words[0]!][0]}***`, ...words.slice(1)].join(' ')
  const chars = [...name]
  return chars.length === 1 ? '*' : `${'*'.repeat(chars.length - 1)}${chars.at(-1)}`
}

/**
 * The blind index's key, derived from the password pepper (a server secret that, like this
 * index, is never rotated: rotating it would orphan every index), so the same card bound by
 * two people is found without opening any sealed number — and without the key, the index
 * says nothing of it.
 */
export const cardIndexKey = (pepper: Uint8Array): Uint8Array => createHmac('sha256', pepper).update('lingqian card number index').digest()

/** The blind index of a card number under cardIndexKey. */
export const cardNumberIndex = (indexKey: Uint8Array, number: string) => createHmac('sha256', indexKey).update(`card:${number}`).digest('base64url')

import type { BankCode, CardType } from '../../core/bank/card-number.js'

type Translate = (key: string, vars?: Record<string, string | number>) => string

/** What names a card wherever it is shown: its bank and type from the BIN, and its last four digits. */
export interface CardLabelFacts {
  bankCode: BankCode | null
  cardType: CardType | null
  last4: string
}

const BANK_NAME_KEYS: Record<BankCode, string> = {
  ICBC: 'bank-name-icbc',
  CCB: 'bank-name-ccb',
  ABC: 'bank-name-abc',
  BOC: 'bank-name-boc',
  CMB: 'bank-name-cmb',
  BOCOM: 'bank-name-bocom',
  PSBC: 'bank-name-psbc',
  SPDB: 'bank-name-spdb',
}
const CARD_TYPE_KEYS: Record<CardType, string> = { debit: 'card-type-debit', credit: 'card-type-credit' }

/**
 * “招商银行 储蓄卡 (1234)”, “Bank card (0008)” for a BIN the table does not know: never more
 * of the number than its last four digits. Plain text.
 */
export function cardLabel(t: Translate, card: CardLabelFacts): string {
  const bank = t(card.bankCode ? BANK_NAME_KEYS[card.bankCode] : 'bank-name-unknown')
  // An unknown BIN says neither bank nor type: “Bank card”, not “Bank card Debit card”.
  const type = card.bankCode && card.cardType ? ` ${t(CARD_TYPE_KEYS[card.cardType])}` : ''
  return `${bank}${type} (${card.last4})`
}

import { describe, expect, it } from 'vitest'
import { cardLabel } from '../../bot/bank/card-label.js'
import { createI18n } from '../../bot/i18n.js'

describe('a bank card as people read it', () => {
  const i18n = createI18n()
  const zh = (key: string) => i18n.t('zh', key)
  const en = (key: string) => i18n.t('en', key)

  it('names the bank and the type, and the last four digits only', () => {
    expect(cardLabel(zh, { bankCode: 'CMB', cardType: 'debit', last4: '1234' })).toBe('招商银行 储蓄卡 (1234)')
    expect(cardLabel(zh, { bankCode: 'ICBC', cardType: 'credit', last4: '0002' })).toBe('工商银行 信用卡 (0002)')
    expect(cardLabel(en, { bankCode: 'CMB', cardType: 'debit', last4: '1234' })).toBe('China Merchants Bank Debit card (1234)')
  })

  it('says only “bank card” for a BIN the table does not know', () => {
    expect(cardLabel(zh, { bankCode: null, cardType: null, last4: '0008' })).toBe('银行卡 (0008)')
    expect(cardLabel(en, { bankCode: null, cardType: 'debit', last4: '0008' })).toBe('Bank card (0008)')
  })
})

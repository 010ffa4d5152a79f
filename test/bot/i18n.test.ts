import { describe, expect, it } from 'vitest'
import { createI18n } from '../../bot/i18n.js'

describe('translations', () => {
  const i18n = createI18n()

  it('negotiate the bundles of a locale once and keep serving that answer', () => {
    const fluent = i18n.fluent as unknown as { matchBundles(locales: string[]): unknown }
    // The plugin builds a new set of bundles on every call; remembered, it is the same one.
    expect(fluent.matchBundles(['zh'])).toBe(fluent.matchBundles(['zh']))
    expect(fluent.matchBundles(['zh'])).not.toBe(fluent.matchBundles(['en']))
  })

  it('still write each locale in its own language, and an unknown one in English', () => {
    for (let round = 0; round < 2; round++) {
      expect(i18n.t('zh', 'balance', { balance: '¥1.00' })).toBe('💰 零钱余额：<b>¥1.00</b>')
      expect(i18n.t('en', 'balance', { balance: '¥1.00' })).toBe(i18n.t('fr', 'balance', { balance: '¥1.00' }))
      expect(i18n.t('en', 'balance', { balance: '¥1.00' })).toMatch(/^💰 Balance: <b>¥1\.00<\/b>$/)
    }
  })
})

import { describe, expect, it } from 'vitest'
import { truncateToCodeUnits } from '../../core/text.js'

describe('truncateToCodeUnits: shortening to Telegram’s plain-text limits', () => {
  it('keeps short text as it is', () => {
    expect(truncateToCodeUnits('¥12.50 · 谢谢', 200)).toBe('¥12.50 · 谢谢')
  })

  it('counts code units, so emoji-heavy text still fits a 200-character limit, cut between graphemes', () => {
    const alert = `⚠️ ${'风险提示 '.repeat(60)}👨‍👩‍👧 end`
    const cut = truncateToCodeUnits(alert, 200)
    expect(cut.length).toBeLessThanOrEqual(200)
    expect(cut.endsWith('…')).toBe(true)
    expect(cut.startsWith('⚠️ 风险提示')).toBe(true)
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(cut)).toBe(false) // no half of an emoji
    const family = truncateToCodeUnits('a'.repeat(195) + '👨‍👩‍👧👨‍👩‍👧', 200)
    expect(family).toBe('a'.repeat(195) + '…') // the family would not fit whole: it is left out, not split
  })
})

import { createCanvas, loadImage } from '@napi-rs/canvas'
import { describe, expect, it } from 'vitest'
import { CHART_FONT, loadChartFonts, renderStatementPicture } from '../../bot/statements/chart.js'
import { statementPicture } from '../../bot/statements/statement-view.js'
import { createI18n } from '../../bot/i18n.js'
import type { Statement } from '../../core/statements/summary.js'

const i18n = createI18n()

const statement: Statement = {
  userId: 1,
  month: '2026-11',
  timeZone: 'Asia/Shanghai',
  currency: 'CNY',
  openingMinor: 100_000n,
  closingMinor: 85_000n,
  inMinor: 20_000n,
  outMinor: 35_000n,
  netMinor: -15_000n,
  inCount: 3,
  outCount: 12,
  byType: [
    { type: 'transfer', outMinor: 25_000n, inMinor: 20_000n, count: 8 },
    { type: 'red_packet', outMinor: 10_000n, inMinor: 0n, count: 4 },
  ],
  topPayees: [
    { counterparty: { userId: 2, username: null, firstName: '王小明🎉', accountKind: 'wallet', merchantName: null, bankCard: null }, outMinor: 15_000n, count: 3 },
    { counterparty: { userId: 3, username: 'bob', firstName: 'Bob', accountKind: 'wallet', merchantName: null, bankCard: null }, outMinor: 10_000n, count: 2 },
  ],
  redPackets: { sentMinor: 10_000n, sentCount: 2, receivedMinor: 888n, receivedCount: 3, returnedMinor: 0n, luckiestMinor: 520n },
  biggestPayment: { amountMinor: 12_000n, at: new Date(), counterparty: { userId: 2, username: null, firstName: '王小明', accountKind: 'wallet', merchantName: null, bankCard: null }, postingKind: 'transfer' },
  previousOutMinor: 30_000n,
  dailyOutMinor: Array.from({ length: 30 }, (_, day) => BigInt((day % 7) * 500)),
  balanced: true,
}

/** One character drawn alone in the chart's font, as RGBA pixels. */
function glyphPixels(char: string): Uint8ClampedArray {
  loadChartFonts()
  const canvas = createCanvas(48, 48)
  const g = canvas.getContext('2d')
  g.fillStyle = '#fff'
  g.fillRect(0, 0, 48, 48)
  g.fillStyle = '#000'
  g.font = `32px "${CHART_FONT}"`
  g.fillText(char, 6, 38)
  return g.getImageData(0, 0, 48, 48).data
}

const ink = (pixels: Uint8ClampedArray) => pixels.filter((value, i) => i % 4 === 0 && value < 128).length
const same = (a: Uint8ClampedArray, b: Uint8ClampedArray) => a.length === b.length && a.every((value, i) => value === b[i])

/** Drawn with ink, and not the box a font draws for a character it lacks. */
function rendersReally(char: string, tofu: Uint8ClampedArray): boolean {
  const pixels = glyphPixels(char)
  return ink(pixels) > 0 && !same(pixels, tofu)
}

describe('the statement picture', () => {
  // A private-use character: no font has it, so it shows whatever a missing glyph looks like.
  const tofu = glyphPixels('\uE000')

  it('the check itself catches a character the font does not have', () => {
    expect(rendersReally('ᚠ', tofu)).toBe(false) // Runic: not in Noto Sans SC
    expect(rendersReally('账', tofu)).toBe(true)
  })

  for (const locale of ['zh', 'en'] as const) {
    it(`in ${locale}: a 900×1000 PNG whose every character really renders, emoji left out`, async () => {
      const t = (key: string, vars?: Record<string, string | number>) => i18n.t(locale, key, vars)
      const { png, texts } = await renderStatementPicture(statementPicture(statement, t, locale))
      const image = await loadImage(png)
      expect([image.width, image.height]).toEqual([900, 1000])
      const chars = new Set([...texts.join('')].filter((char) => char.trim() !== ''))
      expect(chars.size).toBeGreaterThan(20)
      const missing = [...chars].filter((char) => !rendersReally(char, tofu))
      expect(missing).toEqual([])
      expect(texts.join('')).not.toMatch(/\p{Extended_Pictographic}/u)
      expect(texts).toContain(locale === 'zh' ? '支出' : 'Spending')
      expect(texts.some((text) => text.includes('王小明'))).toBe(true)
    })
  }
})

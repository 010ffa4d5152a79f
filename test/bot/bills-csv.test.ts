import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { csvField, neutralizeFormula, writeBillsCsv } from '../../bot/bills/bills-csv.js'
import type { HistoryItem } from '../../core/wallet/history.js'

const t = (key: string) => key
const bill = (i: number, memo: string | null): HistoryItem => ({
  entryId: i,
  postingId: 1000 + i,
  at: new Date(Date.UTC(2026, 10, 1, 0, i % 60)),
  kind: 'transfer',
  amountMinor: BigInt(i % 2 ? -i : i),
  balanceAfterMinor: BigInt(i * 10),
  currency: 'CNY',
  memo,
  counterparty: { userId: 7, username: null, firstName: 'Li, "Lei"', accountKind: 'wallet', merchantName: null, bankCard: null },
})

describe('bills as CSV', () => {
  it('quotes by RFC 4180 and neutralises formulas in text cells', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    for (const risky of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) expect(neutralizeFormula(risky)).toBe(`'${risky}`)
    expect(neutralizeFormula('lunch = 12')).toBe('lunch = 12')
  })

  it('streams pages of any number of bills into one file that parses back row for row', async () => {
    const file = path.join(tmpdir(), `lingqian-csv-test-${process.pid}.csv`)
    const items = Array.from({ length: 1_300 }, (_, i) => bill(i + 1, i % 3 === 0 ? `line one\nline "two", =3` : null))
    async function* pages() {
      for (let at = 0; at < items.length; at += 500) yield items.slice(at, at + 500)
    }
    try {
      expect(await writeBillsCsv(file, t, 'Asia/Shanghai', pages())).toBe(1_300)
      const rows = parse(readFileSync(file), { bom: true }) as string[][]
      expect(rows).toHaveLength(1_301)
      expect(rows[0]).toEqual(['csv-time', 'csv-type', 'csv-direction', 'csv-counterparty', 'csv-amount', 'csv-currency', 'csv-balance', 'csv-note', 'csv-reference'])
      expect(rows[1]).toEqual(['2026-11-01 08:01', 'kind-transfer-out', 'csv-out', 'Li, "Lei"', '-0.01', 'CNY', '0.10', 'line one\nline "two", =3', '1001'])
      expect(rows.slice(1).map((row) => row[8])).toEqual(items.map((item) => String(item.postingId)))
    } finally {
      rmSync(file, { force: true })
    }
  })
})

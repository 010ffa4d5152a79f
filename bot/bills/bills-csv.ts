import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { formatMinorPlain } from '../../core/money/index.js'
import type { HistoryItem } from '../../core/wallet/history.js'
import { formatTime } from '../render.js'
import { counterpartyText, kindLabel } from './bill-labels.js'

type Translate = (key: string, vars?: Record<string, string | number>) => string

/** Excel reads a UTF-8 file as the machine's legacy code page unless it starts with a BOM. */
const BOM = '\uFEFF'

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/**
 * Text people typed (names, notes) that a spreadsheet would run as a formula (=, +, -, @, or
 * a tab or carriage return before one) gets a leading apostrophe, which shows it as text.
 * Amounts are not touched: the bot writes them, as plain numbers like -12.50.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

const HEADER_KEYS = ['csv-time', 'csv-type', 'csv-direction', 'csv-counterparty', 'csv-amount', 'csv-currency', 'csv-balance', 'csv-note', 'csv-reference']

function csvRow(cells: string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`
}

export function billCsvRow(t: Translate, timeZone: string, item: HistoryItem): string {
  return csvRow([
    formatTime(item.at, timeZone),
    kindLabel(t, item),
    t(item.amountMinor < 0n ? 'csv-out' : 'csv-in'),
    neutralizeFormula(counterpartyText(t, item.counterparty)),
    formatMinorPlain(item.amountMinor, item.currency),
    item.currency,
    formatMinorPlain(item.balanceAfterMinor, item.currency),
    neutralizeFormula(item.memo ?? ''),
    String(item.postingId),
  ])
}

/**
 * Writes bills to a CSV file page by page, so a month of any size is never one string in
 * memory; waits for the stream to drain when it is behind. Returns how many rows it wrote.
 */
export async function writeBillsCsv(path: string, t: Translate, timeZone: string, pages: AsyncIterable<HistoryItem[]>): Promise<number> {
  const file = createWriteStream(path, { encoding: 'utf8' })
  const write = async (text: string) => {
    if (!file.write(text)) await once(file, 'drain')
  }
  let rows = 0
  try {
    await write(BOM + csvRow(HEADER_KEYS.map((key) => t(key))))
    for await (const page of pages) {
      for (const item of page) await write(billCsvRow(t, timeZone, item))
      rows += page.length
    }
  } finally {
    file.end()
    await once(file, 'close')
  }
  return rows
}

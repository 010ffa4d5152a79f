import type { Database } from '../db/database.js'
import { asBigint, asDate, asNumber } from '../db/port.js'
import { DomainError } from '../errors.js'
import { enqueue } from '../outbox/outbox.js'
import { zonedInstant } from '../statements/calendar.js'
import type { BankGateway, StatementLine } from './gateway.js'

/*
 * Reconciliation (对账): a day's money between the wallet and the bank, seen from both sides.
 * Ours are the postings that moved bank settlement — each succeeded operation's — settled
 * that day in the wallet's zone; the bank's is its statement of the day. An operation the
 * bank settled a little before or after midnight (it answered late) is looked for in the
 * neighbouring days' statements before it counts as missing.
 */

export type BreakKind = 'missing_at_bank' | 'missing_in_ledger' | 'amount_mismatch'

export interface ReconciliationBreak {
  kind: BreakKind
  operationId: string
  /** charge (a top-up) or payout (a withdrawal). */
  direction: 'charge' | 'payout'
  ledgerMinor: string | null
  bankMinor: string | null
}

export interface ReconciliationReport {
  day: string
  currency: string
  matched: number
  breaks: ReconciliationBreak[]
}

interface LedgerLine {
  operationId: string
  direction: 'charge' | 'payout'
  amountMinor: bigint
}

/** Compares one day (`YYYY-MM-DD`), keeps the report (a day checked again replaces it) and tells the admins. */
export async function reconcileDay(deps: { db: Database; bank: BankGateway; timeZone: string; currency: string; adminUserIds: number[] }, day: string): Promise<ReconciliationReport> {
  const { from, to } = dayRange(day, deps.timeZone)
  const [statements, ledger] = await Promise.all([
    Promise.all([shiftDay(day, -1), day, shiftDay(day, 1)].map((each) => deps.bank.statement(each))).catch(() => {
      throw new DomainError('BANK_UNAVAILABLE')
    }),
    ledgerLines(deps.db, from, to),
  ])
  const settled = await succeededAmong(deps.db, statements[1]!.map((line) => line.operationId))
  const report = compare({ day, currency: deps.currency, ledger, bankDay: statements[1]!, bankAround: statements.flat(), settledAnyDay: settled })
  await deps.db.write(async (tx) => {
    await tx.run('DELETE FROM reconciliations WHERE day = ?', day)
    // Each report is a row of its own (a day checked again replaces it), and its notices are keyed by it.
    const reportId = await tx.insert(
      'INSERT INTO reconciliations (day, status, breaks, matched, checked_at) VALUES (?, ?, ?, ?, ?)',
      day,
      report.breaks.length === 0 ? 'clean' : 'breaks',
      JSON.stringify(report.breaks),
      report.matched,
      tx.now,
    )
    for (const userId of deps.adminUserIds) {
      await enqueue(tx, {
        dedupeKey: `reconciliation:${reportId}:${userId}`,
        type: 'reconciliation_report',
        userId,
        data: { day, matched: report.matched, breaks: report.breaks.length, list: JSON.stringify(report.breaks.slice(0, 10)), currency: report.currency },
      })
    }
  })
  return report
}

/**
 * Every ledger line of the day must be in the bank's statements with the same amount; every
 * line of the bank's statement of the day must be an operation the ledger settled (any day:
 * we may have learnt of it later). A currency other than the wallet's is a mismatch.
 */
export function compare(sides: {
  day: string
  currency: string
  ledger: LedgerLine[]
  bankDay: StatementLine[]
  bankAround: StatementLine[]
  settledAnyDay: ReadonlySet<string>
}): ReconciliationReport {
  const { day, currency, ledger, bankDay, bankAround, settledAnyDay } = sides
  const bankById = new Map(bankAround.map((line) => [line.operationId, line]))
  const ledgerIds = new Set(ledger.map((line) => line.operationId))
  const breaks: ReconciliationBreak[] = []
  let matched = 0
  for (const line of ledger) {
    const bank = bankById.get(line.operationId)
    if (!bank) breaks.push({ kind: 'missing_at_bank', operationId: line.operationId, direction: line.direction, ledgerMinor: line.amountMinor.toString(), bankMinor: null })
    else if (bank.amountMinor !== line.amountMinor || bank.kind !== line.direction || bank.currency !== currency) {
      breaks.push({ kind: 'amount_mismatch', operationId: line.operationId, direction: line.direction, ledgerMinor: line.amountMinor.toString(), bankMinor: bank.amountMinor.toString() })
    } else matched++
  }
  for (const line of bankDay) {
    if (!ledgerIds.has(line.operationId) && !settledAnyDay.has(line.operationId)) {
      breaks.push({ kind: 'missing_in_ledger', operationId: line.operationId, direction: line.kind, ledgerMinor: null, bankMinor: line.amountMinor.toString() })
    }
  }
  return { day, currency, matched, breaks }
}

/** Which of these operation ids the ledger settled as succeeded, whatever the day. */
async function succeededAmong(db: Database, operationIds: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (let at = 0; at < operationIds.length; at += 500) {
    const chunk = operationIds.slice(at, at + 500)
    const rows = await db.read((tx) =>
      tx.all<{ token: string }>(`SELECT token FROM bank_operations WHERE status = 'succeeded' AND token IN (${chunk.map(() => '?').join(', ')})`, ...chunk),
    )
    for (const row of rows) found.add(row.token)
  }
  return found
}

/** Our succeeded operations settled in [from, to), with the amount their posting moved. */
async function ledgerLines(db: Database, from: Date, to: Date): Promise<LedgerLine[]> {
  const rows = await db.read((tx) =>
    tx.all<Record<string, unknown>>(
      `SELECT o.token, o.kind, t.amount_minor, p.created_at FROM bank_operations o
       JOIN postings p ON p.id = o.posting_id JOIN transfers t ON t.posting_id = p.id
       WHERE o.status = 'succeeded' AND p.created_at >= ? AND p.created_at < ?`,
      from,
      to,
    ),
  )
  return rows.map((row) => ({ operationId: row.token as string, direction: row.kind === 'topup' ? 'charge' : 'payout', amountMinor: asBigint(row.amount_minor) }))
}

/** The day's bounds in the zone. */
export function dayRange(day: string, timeZone: string): { from: Date; to: Date } {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  const next = shiftDay(day, 1).split('-').map(Number) as [number, number, number]
  return { from: zonedInstant(year, month, date, 0, timeZone), to: zonedInstant(next[0], next[1], next[2], 0, timeZone) }
}

/** `YYYY-MM-DD` moved by whole days (calendar arithmetic: no zone involved). */
export function shiftDay(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`)
  at.setUTCDate(at.getUTCDate() + days)
  return at.toISOString().slice(0, 10)
}

/** The reports kept, newest day first. */
export function reconciliations(db: Database, limit = 30) {
  return db.read(async (tx) =>
    (await tx.all<Record<string, unknown>>(`SELECT * FROM reconciliations ORDER BY day DESC LIMIT ${Math.trunc(limit)}`)).map((row) => ({
      day: row.day as string,
      status: row.status as 'clean' | 'breaks',
      matched: asNumber(row.matched),
      breaks: JSON.parse(row.breaks as string) as ReconciliationBreak[],
      checkedAt: asDate(row.checked_at),
    })),
  )
}

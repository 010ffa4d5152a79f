import type { Database } from '../db/database.js'
import type { WriteTx } from '../db/write-tx.js'
import { MAX_BALANCE_MINOR } from '../money/bounds.js'
import { holdOwners, postedOwners } from './owner-checks.js'

export interface AuditCheck {
  name: string
  ok: boolean
  /** Human-readable descriptions of what is wrong; at most a few per check. */
  violations: string[]
}

export interface AuditReport {
  ok: boolean
  checks: AuditCheck[]
  counts: { accounts: number; postings: number; transfers: number; holds: number }
}

const LIMIT = 10

/**
 * The ledger's invariants, checked from the rows alone in one consistent snapshot:
 *  - conservation: every transfer is exactly one debit and one credit of the same amount, and
 *    the balances of each currency sum to zero (issuance is minus everything ever created);
 *  - no account that may not go negative is negative;
 *  - every stored balance equals the replay of its journal, entry by entry;
 *  - every escrow holds exactly what its open holds still owe, and every hold's money is
 *    accounted for: funded once, paid out plus returned plus remaining = amount;
 *  - every sent red packet: its shares add up to its total, and grabs + refund + what escrow
 *    still holds for it = its total;
 *  - every money value is an integer inside the ledger's bounds;
 *  - every hold's state agrees with its owner's (a cancelled claim with an open hold is money
 *    stranded in escrow), and every confirmed card or received offer has its posting.
 */
export function audit(db: Database): Promise<AuditReport> {
  return db.read((tx) => {
    const checks = CHECKS.map(([name, run]) => runCheck(name, run, tx))
    const count = (table: string) => Number(tx.get<{ n: bigint }>(`SELECT COUNT(*) AS n FROM ${table}`)!.n)
    return {
      ok: checks.every((c) => c.ok),
      checks,
      counts: { accounts: count('accounts'), postings: count('postings'), transfers: count('transfers'), holds: count('holds') },
    }
  })
}

/** A check returns what is wrong: at most a few lines each, none when the invariant holds. */
type Check = (tx: WriteTx) => string[]

/**
 * A check that cannot even run on this data (a SUM overflowing on a corrupted balance, a
 * value of the wrong type) is a finding, not a crash: the report must still come out.
 */
function runCheck(name: string, run: Check, tx: WriteTx): AuditCheck {
  let violations: string[]
  try {
    violations = run(tx)
  } catch (error) {
    violations = [`could not be checked: ${(error as Error).message}`]
  }
  return { name, ok: violations.length === 0, violations }
}

/** Money columns: each must hold an integer within the ledger's bounds. */
const MONEY_COLUMNS: Array<[table: string, column: string]> = [
  ['accounts', 'balance_minor'],
  ['transfers', 'amount_minor'],
  ['entries', 'amount_minor'],
  ['entries', 'balance_after_minor'],
  ['holds', 'amount_minor'],
  ['holds', 'remaining_minor'],
  ['red_packets', 'total_minor'],
  ['red_packets', 'refunded_minor'],
  ['red_packet_shares', 'amount_minor'],
  ['claims', 'amount_minor'],
  ['payment_cards', 'amount_minor'],
  ['inline_offers', 'amount_minor'],
]

function integerAmounts(tx: WriteTx): string[] {
  const max = MAX_BALANCE_MINOR.toString()
  return MONEY_COLUMNS.flatMap(([table, column]) =>
    tx
      .all<{ id: bigint; value: unknown }>(
        `SELECT id, ${column} AS value FROM ${table}
         WHERE ${column} > ${max} OR ${column} < -${max} OR ${column} != CAST(${column} AS BIGINT) LIMIT ${LIMIT}`,
      )
      .map((r) => `${table} ${r.id}: ${column} is ${String(r.value)}, not an integer within ±${max}`),
  )
}

function conservation(tx: WriteTx): string[] {
  const unbalancedTransfers = tx.all<{ id: bigint; n: bigint; total: bigint }>(
    `SELECT t.id, COUNT(e.id) AS n, COALESCE(SUM(e.amount_minor), 0) AS total
     FROM transfers t LEFT JOIN entries e ON e.transfer_id = t.id
     GROUP BY t.id
     HAVING n != 2 OR total != 0
        OR SUM(CASE WHEN e.account_id = t.debit_account_id AND e.amount_minor = -t.amount_minor THEN 1 ELSE 0 END) != 1
        OR SUM(CASE WHEN e.account_id = t.credit_account_id AND e.amount_minor = t.amount_minor THEN 1 ELSE 0 END) != 1
     LIMIT ${LIMIT}`,
  )
  const currencies = tx.all<{ currency: string; total: bigint }>(
    'SELECT currency, SUM(balance_minor) AS total FROM accounts GROUP BY currency HAVING total != 0',
  )
  return [
    ...unbalancedTransfers.map((t) => `transfer ${t.id}: ${t.n} entries summing to ${t.total}`),
    ...currencies.map((c) => `${c.currency} balances sum to ${c.total}, not 0`),
  ]
}

function noNegative(tx: WriteTx): string[] {
  const rows = tx.all<{ code: string; balance_minor: bigint }>(
    `SELECT code, balance_minor FROM accounts WHERE may_go_negative = 0 AND balance_minor < 0 LIMIT ${LIMIT}`,
  )
  return rows.map((r) => `${r.code} is at ${r.balance_minor}`)
}

function balancesReplay(tx: WriteTx): string[] {
  const rows = tx.all<{ code: string; balance_minor: bigint; replayed: bigint }>(
    `SELECT a.code, a.balance_minor, COALESCE(SUM(e.amount_minor), 0) AS replayed
     FROM accounts a LEFT JOIN entries e ON e.account_id = a.id
     GROUP BY a.id HAVING replayed != a.balance_minor LIMIT ${LIMIT}`,
  )
  return rows.map((r) => `${r.code} stores ${r.balance_minor}, journal gives ${r.replayed}`)
}

function runningBalances(tx: WriteTx): string[] {
  const rows = tx.all<{ id: bigint; account_id: bigint; balance_after_minor: bigint; running: bigint }>(
    `SELECT id, account_id, balance_after_minor, running FROM (
       SELECT id, account_id, balance_after_minor,
              SUM(amount_minor) OVER (PARTITION BY account_id ORDER BY id) AS running
       FROM entries)
     WHERE running != balance_after_minor LIMIT ${LIMIT}`,
  )
  return rows.map((r) => `entry ${r.id} of account ${r.account_id} says ${r.balance_after_minor}, replay gives ${r.running}`)
}

function escrows(tx: WriteTx): string[] {
  const rows = tx.all<{ code: string; balance_minor: bigint; owed: bigint }>(
    `SELECT a.code, a.balance_minor, COALESCE(SUM(h.remaining_minor), 0) AS owed
     FROM accounts a LEFT JOIN holds h ON h.escrow_account_id = a.id AND h.status = 'open'
     WHERE a.kind LIKE '%_escrow'
     GROUP BY a.id HAVING owed != a.balance_minor LIMIT ${LIMIT}`,
  )
  return rows.map((r) => `${r.code} holds ${r.balance_minor} but owes ${r.owed}`)
}

function holds(tx: WriteTx): string[] {
  const rows = tx.all<{ id: bigint; status: string; amount_minor: bigint; remaining_minor: bigint; funded: bigint; paid: bigint }>(
    `SELECT h.id, h.status, h.amount_minor, h.remaining_minor,
            COALESCE(SUM(CASE WHEN t.credit_account_id = h.escrow_account_id THEN t.amount_minor END), 0) AS funded,
            COALESCE(SUM(CASE WHEN t.debit_account_id = h.escrow_account_id THEN t.amount_minor END), 0) AS paid
     FROM holds h
     LEFT JOIN postings p ON p.hold_id = h.id
     LEFT JOIN transfers t ON t.posting_id = p.id
     GROUP BY h.id
     HAVING funded != h.amount_minor OR paid + h.remaining_minor != h.amount_minor
         OR (h.status != 'open' AND h.remaining_minor != 0)
     LIMIT ${LIMIT}`,
  )
  return rows.map((r) => `hold ${r.id} (${r.status}): amount ${r.amount_minor}, funded ${r.funded}, paid ${r.paid}, remaining ${r.remaining_minor}`)
}

function redPackets(tx: WriteTx): string[] {
  const rows = tx.all<{ id: bigint; total_minor: bigint; shares: bigint; dealt: bigint; grabbed: bigint; refunded_minor: bigint; remaining: bigint; share_count: bigint }>(
    `SELECT r.id, r.total_minor, r.share_count, r.refunded_minor, h.remaining_minor AS remaining,
            COUNT(s.id) AS shares, COALESCE(SUM(s.amount_minor), 0) AS dealt,
            COALESCE(SUM(CASE WHEN s.grabber_user_id IS NOT NULL THEN s.amount_minor END), 0) AS grabbed
     FROM red_packets r JOIN holds h ON h.id = r.hold_id
     LEFT JOIN red_packet_shares s ON s.packet_id = r.id
     GROUP BY r.id
     HAVING shares != r.share_count OR dealt != r.total_minor OR grabbed + r.refunded_minor + h.remaining_minor != r.total_minor
     LIMIT ${LIMIT}`,
  )
  return rows.map((r) => `red packet ${r.id}: total ${r.total_minor}, ${r.shares}/${r.share_count} shares dealing ${r.dealt}, grabbed ${r.grabbed}, refunded ${r.refunded_minor}, still held ${r.remaining}`)
}

const CHECKS: Array<[name: string, run: Check]> = [
  ['amounts are integers in range', integerAmounts],
  ['conservation', conservation],
  ['no negative wallet', noNegative],
  ['balance = journal replay', balancesReplay],
  ['running balance after each entry', runningBalances],
  ['escrow = open holds', escrows],
  ['every hold accounted for', holds],
  ['red packets: grabs + refund = total', redPackets],
  ['each hold agrees with its owner', holdOwners],
  ['each confirmed card and received offer has its posting', postedOwners],
]

export function formatAuditReport(report: AuditReport): string {
  const lines = report.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.ok ? '' : `\n${c.violations.map((v) => `       ${v}`).join('\n')}`}`)
  const { accounts, postings, transfers, holds: h } = report.counts
  lines.push(`${report.ok ? 'AUDIT PASSED' : 'AUDIT FAILED'} (accounts ${accounts}, postings ${postings}, transfers ${transfers}, holds ${h})`)
  return lines.join('\n')
}

import type { Database } from '../db/database.js'
import { asNumber, type Tx } from '../db/port.js'
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
  return db.read(async (tx) => {
    const checks: AuditCheck[] = []
    for (const [name, run] of CHECKS) checks.push(await runCheck(name, run, tx))
    const count = async (table: string) => asNumber((await tx.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n)
    return {
      ok: checks.every((c) => c.ok),
      checks,
      counts: { accounts: await count('accounts'), postings: await count('postings'), transfers: await count('transfers'), holds: await count('holds') },
    }
  })
}

/** A check returns what is wrong: at most a few lines each, none when the invariant holds. */
type Check = (tx: Tx) => Promise<string[]>

/**
 * A check that cannot even run on this data (a SUM overflowing on a corrupted balance, a
 * value of the wrong type) is a finding, not a crash: the report must still come out. Each
 * check runs in a savepoint, since PostgreSQL refuses further statements in a transaction
 * after a failed one.
 */
async function runCheck(name: string, run: Check, tx: Tx): Promise<AuditCheck> {
  let violations: string[]
  await tx.run('SAVEPOINT audit_check')
  try {
    violations = await run(tx)
    await tx.run('RELEASE SAVEPOINT audit_check')
  } catch (error) {
    await tx.run('ROLLBACK TO SAVEPOINT audit_check')
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

async function integerAmounts(tx: Tx): Promise<string[]> {
  const max = MAX_BALANCE_MINOR.toString()
  const found: string[] = []
  for (const [table, column] of MONEY_COLUMNS) {
    const rows = await tx.all<{ id: unknown; value: unknown }>(
      `SELECT id, ${column} AS value FROM ${table}
       WHERE ${column} > ${max} OR ${column} < -${max} OR ${column} <> CAST(${column} AS BIGINT) LIMIT ${LIMIT}`,
    )
    found.push(...rows.map((r) => `${table} ${String(r.id)}: ${column} is ${String(r.value)}, not an integer within ±${max}`))
  }
  return found
}

async function conservation(tx: Tx): Promise<string[]> {
  const unbalancedTransfers = await tx.all<{ id: unknown; n: unknown; total: unknown }>(
    `SELECT t.id, COUNT(e.id) AS n, CAST(COALESCE(SUM(e.amount_minor), 0) AS BIGINT) AS total
     FROM transfers t LEFT JOIN entries e ON e.transfer_id = t.id
     GROUP BY t.id
     HAVING COUNT(e.id) <> 2 OR COALESCE(SUM(e.amount_minor), 0) <> 0
        OR SUM(CASE WHEN e.account_id = t.debit_account_id AND e.amount_minor = -t.amount_minor THEN 1 ELSE 0 END) <> 1
        OR SUM(CASE WHEN e.account_id = t.credit_account_id AND e.amount_minor = t.amount_minor THEN 1 ELSE 0 END) <> 1
     LIMIT ${LIMIT}`,
  )
  const currencies = await tx.all<{ currency: string; total: unknown }>(
    'SELECT currency, CAST(SUM(balance_minor) AS BIGINT) AS total FROM accounts GROUP BY currency HAVING SUM(balance_minor) <> 0',
  )
  return [
    ...unbalancedTransfers.map((t) => `transfer ${String(t.id)}: ${String(t.n)} entries summing to ${String(t.total)}`),
    ...currencies.map((c) => `${c.currency} balances sum to ${String(c.total)}, not 0`),
  ]
}

async function noNegative(tx: Tx): Promise<string[]> {
  const rows = await tx.all<{ code: string; balance_minor: unknown }>(
    `SELECT code, balance_minor FROM accounts WHERE may_go_negative = FALSE AND balance_minor < 0 LIMIT ${LIMIT}`,
  )
  return rows.map((r) => `${r.code} is at ${String(r.balance_minor)}`)
}

async function balancesReplay(tx: Tx): Promise<string[]> {
  const rows = await tx.all<{ code: string; balance_minor: unknown; replayed: unknown }>(
    `SELECT a.code, a.balance_minor, CAST(COALESCE(SUM(e.amount_minor), 0) AS BIGINT) AS replayed
     FROM accounts a LEFT JOIN entries e ON e.account_id = a.id
     GROUP BY a.id, a.code, a.balance_minor HAVING COALESCE(SUM(e.amount_minor), 0) <> a.balance_minor LIMIT ${LIMIT}`,
  )
  return rows.map((r) => `${r.code} stores ${String(r.balance_minor)}, journal gives ${String(r.replayed)}`)
}

async function runningBalances(tx: Tx): Promise<string[]> {
  const rows = await tx.all<{ id: unknown; account_id: unknown; balance_after_minor: unknown; running: unknown }>(
    `SELECT id, account_id, balance_after_minor, running FROM (
       SELECT id, account_id, balance_after_minor,
              CAST(SUM(amount_minor) OVER (PARTITION BY account_id ORDER BY id) AS BIGINT) AS running
       FROM entries) replay
     WHERE running <> balance_after_minor LIMIT ${LIMIT}`,
  )
  return rows.map((r) => `entry ${String(r.id)} of account ${String(r.account_id)} says ${String(r.balance_after_minor)}, replay gives ${String(r.running)}`)
}

async function escrows(tx: Tx): Promise<string[]> {
  const rows = await tx.all<{ code: string; balance_minor: unknown; owed: unknown }>(
    `SELECT a.code, a.balance_minor, CAST(COALESCE(SUM(h.remaining_minor), 0) AS BIGINT) AS owed
     FROM accounts a LEFT JOIN holds h ON h.escrow_account_id = a.id AND h.status = 'open'
     WHERE a.kind LIKE '%_escrow'
     GROUP BY a.id, a.code, a.balance_minor HAVING COALESCE(SUM(h.remaining_minor), 0) <> a.balance_minor LIMIT ${LIMIT}`,
  )
  return rows.map((r) => `${r.code} holds ${String(r.balance_minor)} but owes ${String(r.owed)}`)
}

const FUNDED = 'COALESCE(SUM(CASE WHEN t.credit_account_id = h.escrow_account_id THEN t.amount_minor END), 0)'
const PAID = 'COALESCE(SUM(CASE WHEN t.debit_account_id = h.escrow_account_id THEN t.amount_minor END), 0)'

async function holds(tx: Tx): Promise<string[]> {
  const rows = await tx.all<Record<'id' | 'status' | 'amount_minor' | 'remaining_minor' | 'funded' | 'paid', unknown>>(
    `SELECT h.id, h.status, h.amount_minor, h.remaining_minor, CAST(${FUNDED} AS BIGINT) AS funded, CAST(${PAID} AS BIGINT) AS paid
     FROM holds h
     LEFT JOIN postings p ON p.hold_id = h.id
     LEFT JOIN transfers t ON t.posting_id = p.id
     GROUP BY h.id, h.status, h.amount_minor, h.remaining_minor
     HAVING ${FUNDED} <> h.amount_minor OR ${PAID} + h.remaining_minor <> h.amount_minor
         OR (h.status <> 'open' AND h.remaining_minor <> 0)
     LIMIT ${LIMIT}`,
  )
  return rows.map(
    (r) => `hold ${String(r.id)} (${String(r.status)}): amount ${String(r.amount_minor)}, funded ${String(r.funded)}, paid ${String(r.paid)}, remaining ${String(r.remaining_minor)}`,
  )
}

const DEALT = 'COALESCE(SUM(s.amount_minor), 0)'
const GRABBED = 'COALESCE(SUM(CASE WHEN s.grabber_user_id IS NOT NULL THEN s.amount_minor END), 0)'

async function redPackets(tx: Tx): Promise<string[]> {
  const rows = await tx.all<Record<'id' | 'total_minor' | 'shares' | 'dealt' | 'grabbed' | 'refunded_minor' | 'remaining' | 'share_count', unknown>>(
    `SELECT r.id, r.total_minor, r.share_count, r.refunded_minor, h.remaining_minor AS remaining,
            COUNT(s.id) AS shares, CAST(${DEALT} AS BIGINT) AS dealt, CAST(${GRABBED} AS BIGINT) AS grabbed
     FROM red_packets r JOIN holds h ON h.id = r.hold_id
     LEFT JOIN red_packet_shares s ON s.packet_id = r.id
     GROUP BY r.id, r.total_minor, r.share_count, r.refunded_minor, h.remaining_minor
     HAVING COUNT(s.id) <> r.share_count OR ${DEALT} <> r.total_minor OR ${GRABBED} + r.refunded_minor + h.remaining_minor <> r.total_minor
     LIMIT ${LIMIT}`,
  )
  return rows.map(
    (r) =>
      `red packet ${String(r.id)}: total ${String(r.total_minor)}, ${String(r.shares)}/${String(r.share_count)} shares dealing ${String(r.dealt)}, grabbed ${String(r.grabbed)}, refunded ${String(r.refunded_minor)}, still held ${String(r.remaining)}`,
  )
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

/**
 * The SQLite baselines: raw better-sqlite3 doing the writes the core does for one transfer
 * (the posting row taking its key, the two conditional balance updates in account-id order,
 * the transfer, both journal entries), on a database of the same shape, WAL and
 * synchronous=FULL like the core's. With `perCommit` 1 every transfer pays its own fsync;
 * with the core's own batch size it is the physical limit of this workload: nothing but the
 * writes, one commit per batch.
 */
import Database from 'better-sqlite3'
import { applyMigrations } from '../../core/db/sqlite/migrate.js'
import { CURRENCY, MEMO, profile, requestHash, TOP_UP_MINOR, WALLETS, type Planned } from './ledger-plan.js'
import { cpuMicros, seconds, stats, type RssSampler } from './stats.js'

export function runRawSqlite(file: string, plan: Planned[], perCommit: number, rss: RssSampler) {
  const db = new Database(file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    // As the core's connection has them: foreign keys checked on every insert, integers as
    // bigint. Anything less would make the baseline do less work.
    db.pragma('foreign_keys = ON')
    db.defaultSafeIntegers(true)
    applyMigrations(db)
    const post = preparePosting(db)
    const walletIds = setUp(db, post)

    const begin = db.prepare('BEGIN IMMEDIATE')
    const commit = db.prepare('COMMIT')
    const latencies = new Float64Array(plan.length)
    const cpuStart = cpuMicros()
    const started = process.hrtime.bigint()
    for (let first = 0; first < plan.length; first += perCommit) {
      const t0 = process.hrtime.bigint()
      begin.run()
      const last = Math.min(first + perCommit, plan.length)
      for (let i = first; i < last; i++) {
        const { from, to, amountMinor } = plan[i]!
        if (!post(`t-${i}`, 'transfer', MEMO, walletIds[from]!, walletIds[to]!, amountMinor)) throw new Error('baseline ran a wallet dry')
      }
      commit.run()
      // Every transfer of a batch is answered when its commit returns, as the core answers.
      const latency = Number(process.hrtime.bigint() - t0)
      latencies.fill(latency, first, last)
      // The event loop is blocked here, so the timer-driven sampler cannot run: sample by hand.
      if (first % 500 < perCommit) rss.sample()
    }
    return stats(latencies, process.hrtime.bigint() - started, cpuStart)
  } finally {
    db.close()
  }
}

type Post = (key: string, kind: string, memo: string | null, debitId: bigint, creditId: bigint, amount: bigint) => boolean

function preparePosting(db: Database.Database): Post {
  const insertPosting = db.prepare(
    `INSERT INTO postings (idempotency_key, request_hash, kind, memo, actor_telegram_id, hold_id, created_at)
     VALUES (?, ?, ?, ?, NULL, NULL, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
  )
  const debit = db.prepare(
    `UPDATE accounts SET balance_minor = balance_minor - ?
     WHERE id = ? AND currency = ? AND (may_go_negative = 1 OR balance_minor >= ?) RETURNING balance_minor`,
  )
  const credit = db.prepare('UPDATE accounts SET balance_minor = balance_minor + ? WHERE id = ? AND currency = ? RETURNING balance_minor')
  const insertTransfer = db.prepare(
    'INSERT INTO transfers (posting_id, debit_account_id, credit_account_id, amount_minor, currency, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const insertEntries = db.prepare(
    'INSERT INTO entries (transfer_id, account_id, amount_minor, balance_after_minor, created_at) VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)',
  )
  return (key, kind, memo, debitId, creditId, amount) => {
    const at = Date.now()
    const inserted = insertPosting.run(key, requestHash(kind, memo, debitId, creditId, amount), kind, memo, at)
    if (inserted.changes === 0) throw new Error(`key ${key} used twice`)
    const debitFirst = debitId < creditId
    const first = (debitFirst ? debit.get(amount, debitId, CURRENCY, amount) : credit.get(amount, creditId, CURRENCY)) as { balance_minor: bigint } | undefined
    const second = (debitFirst ? credit.get(amount, creditId, CURRENCY) : debit.get(amount, debitId, CURRENCY, amount)) as { balance_minor: bigint } | undefined
    if (!first || !second) return false
    const [debited, credited] = debitFirst ? [first, second] : [second, first]
    const transferId = insertTransfer.run(inserted.lastInsertRowid, debitId, creditId, amount, CURRENCY, at).lastInsertRowid
    insertEntries.run(transferId, debitId, -amount, debited.balance_minor, at, transferId, creditId, amount, credited.balance_minor, at)
    return true
  }
}

/** The same users, wallets, issuance account and top-up postings as the core's, not timed. */
function setUp(db: Database.Database, post: Post): bigint[] {
  const started = process.hrtime.bigint()
  const insertUser = db.prepare('INSERT INTO users (telegram_id, username, first_name, started_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
  const insertAccount = db.prepare(
    'INSERT INTO accounts (code, kind, user_id, currency, balance_minor, may_go_negative, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)',
  )
  const walletIds: bigint[] = []
  db.transaction(() => {
    const at = Date.now()
    const issuance = BigInt(insertAccount.run(`system:issuance:${CURRENCY}`, 'issuance', null, CURRENCY, 1, at).lastInsertRowid)
    for (let i = 0; i < WALLETS; i++) {
      const p = profile(i)
      const userId = BigInt(insertUser.run(p.telegramId, p.username, p.firstName, at, at, at).lastInsertRowid)
      const walletId = BigInt(insertAccount.run(`wallet:${userId}:${CURRENCY}`, 'wallet', userId, CURRENCY, 0, at).lastInsertRowid)
      post(`topup-${i}`, 'topup', null, issuance, walletId, TOP_UP_MINOR)
      walletIds.push(walletId)
    }
  })()
  console.log(`    setup ${seconds(process.hrtime.bigint() - started)}`)
  return walletIds
}

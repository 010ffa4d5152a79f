/**
 * Ledger benchmark: durable transfers per second through the core, against
 * raw better-sqlite3 doing the same writes with one commit per transfer, in the same run and
 * on the same disk. Both sides use WAL + synchronous=FULL, so every acknowledged transfer is
 * on disk; what the core can win back is the fsync per commit, by sharing it (group commit).
 *
 * A script, not a test: it prints numbers and fails only if the ledger's audit fails.
 */
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { audit } from '../../core/audit/auditor.js'
import { openDatabase } from '../../core/db/database.js'
import { applyMigrations } from '../../core/db/sqlite/migrate.js'
import { DomainError } from '../../core/errors.js'
import { transfer } from '../../core/wallet/transfer.js'
import { topUp } from '../../core/wallet/topup.js'
import { upsertUserInTx } from '../../core/wallet/users.js'
import { ADMIN_TELEGRAM_ID, testConfig } from '../helpers/db.js'
import { mb, ms, range, RssSampler, seconds, stats, timed, type BenchResult } from './stats.js'

const WALLETS = 10_000
const TRANSFERS = Number(process.env.BENCH_TRANSFERS ?? 20_000)
const CALLERS = 64
const CURRENCY = 'CNY'
const MEMO = 'bench'
// ¥10,000 each against transfers of at most ¥100: no wallet runs dry, so refusals stay ~0
// and both sides do the same full work for every transfer.
const TOP_UP_MINOR = 1_000_000n
const MAX_AMOUNT_MINOR = 10_000

/** One planned transfer; wallets are indexes 0..WALLETS-1, the same on both sides. */
interface Planned {
  from: number
  to: number
  amountMinor: bigint
}

export type { BenchResult }

export async function runLedgerBench(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lingqian-bench-'))
  const rss = new RssSampler()
  try {
    console.log(`ledger: ${WALLETS} wallets, ${TRANSFERS} transfers, ${CALLERS} concurrent callers (core)`)
    // One plan, generated once from a fixed seed, replayed by both sides.
    const plan = planTransfers(TRANSFERS, mulberry32(0x1f2e3d4c))

    const baseline = await timed('baseline (raw better-sqlite3, one commit per transfer)', () =>
      runBaseline(path.join(dir, 'raw.db'), plan, rss),
    )
    const core = await timed('core (group commit)', () => runCore(path.join(dir, 'core.db'), plan, rss))

    const ratio = core.perSecond / baseline.perSecond
    const row = (label: string, value: string) => console.log(`  ${label.padEnd(36)} ${value}`)
    console.log('\nledger results')
    row('baseline transfers/s', baseline.perSecond.toFixed(0))
    row('core transfers/s', core.perSecond.toFixed(0))
    row('ratio core / baseline', `${ratio.toFixed(2)}   (target ≥ 0.5, stretch ≥ 1.0)`)
    row(`core latency p50 / p99 (${CALLERS} callers)`, `${ms(core.p50)} / ${ms(core.p99)}`)
    row('baseline latency p50 / p99', `${ms(baseline.p50)} / ${ms(baseline.p99)}`)
    row('core refusals (insufficient funds)', String(core.refused))
    row('core commits (transfers per commit)', `${core.batches} (${core.unitsPerBatch.toFixed(1)})`)
    row('peak RSS (sampled / maxRSS)', `${mb(rss.max)} / ${mb(process.resourceUsage().maxRSS * 1024)}`)
    row('audit of the core database', core.auditOk ? 'passed' : 'FAILED')
    return { ok: core.auditOk }
  } finally {
    rss.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

// ---- the core: the wallet's own use cases, through the group-commit writer --------------------

async function runCore(file: string, plan: Planned[], rss: RssSampler) {
  const db = await openDatabase({ url: `file:${file}` })
  const config = testConfig({ currency: CURRENCY })
  try {
    // Setup, not timed. Wallets in units of 1000 (one savepoint each) because 10k separate
    // units would only measure setup; top-ups through the real use case, concurrently.
    const setup = process.hrtime.bigint()
    const userIds: number[] = []
    for (let start = 0; start < WALLETS; start += 1000) {
      const indexes = range(start, Math.min(start + 1000, WALLETS))
      userIds.push(
        ...(await db.write(async (tx) => {
          const ids: number[] = []
          for (const i of indexes) ids.push((await upsertUserInTx(tx, profile(i), CURRENCY, true)).id)
          return ids
        })),
      )
    }
    await Promise.all(
      userIds.map((toUserId, i) =>
        topUp(db, config, { idempotencyKey: `topup-${i}`, adminTelegramId: ADMIN_TELEGRAM_ID, toUserId, amountMinor: TOP_UP_MINOR }),
      ),
    )
    console.log(`    setup ${seconds(process.hrtime.bigint() - setup)}`)

    // The run: CALLERS loops, each awaiting one transfer at a time, sharing one counter, the
    // way independent chats would call the core. Latency includes waiting for the batch.
    const latencies = new Float64Array(plan.length)
    let next = 0
    let refused = 0
    const caller = async () => {
      for (let i = next++; i < plan.length; i = next++) {
        const { from, to, amountMinor } = plan[i]!
        const command = { idempotencyKey: `t-${i}`, fromUserId: userIds[from]!, toUserId: userIds[to]!, amountMinor, memo: MEMO }
        const started = process.hrtime.bigint()
        try {
          await transfer(db, config, command)
        } catch (error) {
          if (!(error instanceof DomainError && error.code === 'INSUFFICIENT_FUNDS')) throw error
          refused++
        }
        latencies[i] = Number(process.hrtime.bigint() - started)
      }
    }
    const batchesBefore = { ...db.stats }
    const started = process.hrtime.bigint()
    await Promise.all(Array.from({ length: CALLERS }, caller))
    const wall = process.hrtime.bigint() - started
    rss.sample()
    const batches = db.stats.batches - batchesBefore.batches
    const unitsPerBatch = (db.stats.units - batchesBefore.units) / Math.max(1, batches)

    const report = await audit(db)
    if (!report.ok) console.log(JSON.stringify(report.checks.filter((c) => !c.ok), null, 2))
    return { ...stats(latencies, wall), refused, batches, unitsPerBatch, auditOk: report.ok }
  } finally {
    await db.close()
  }
}

// ---- the baseline: the same statements on raw better-sqlite3, one commit per transfer -------

function runBaseline(file: string, plan: Planned[], rss: RssSampler) {
  const db = new Database(file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    // As the core's connection has them: foreign keys are checked on every insert, and
    // integers come back as bigint. Anything less would make the baseline do less work.
    db.pragma('foreign_keys = ON')
    db.defaultSafeIntegers(true)
    applyMigrations(db)

    // Prepared once: the SQL the core runs for one transfer (core/ledger/posting.ts,
    // core/ledger/accounts.ts, core/wallet/transfer.ts), minus the savepoint around it.
    const accountByCode = db.prepare('SELECT id FROM accounts WHERE code = ?')
    const userExists = db.prepare('SELECT 1 FROM users WHERE id = ?')
    const findPosting = db.prepare('SELECT id, request_hash FROM postings WHERE idempotency_key = ?')
    const insertPosting = db.prepare(
      `INSERT INTO postings (idempotency_key, request_hash, kind, memo, actor_telegram_id, hold_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    const debit = db.prepare(
      `UPDATE accounts SET balance_minor = balance_minor - ?
       WHERE id = ? AND currency = ? AND (may_go_negative = 1 OR balance_minor >= ?)
       RETURNING balance_minor`,
    )
    const credit = db.prepare(
      'UPDATE accounts SET balance_minor = balance_minor + ? WHERE id = ? AND currency = ? RETURNING balance_minor',
    )
    const insertTransfer = db.prepare(
      `INSERT INTO transfers (posting_id, debit_account_id, credit_account_id, amount_minor, currency, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    const insertEntry = db.prepare(
      'INSERT INTO entries (transfer_id, account_id, amount_minor, balance_after_minor, created_at) VALUES (?, ?, ?, ?, ?)',
    )

    /** Idempotency check, posting, conditional debit, credit, journal: posting.ts's `post`. */
    const post = (key: string, kind: string, memo: string | null, debitId: bigint, creditId: bigint, amount: bigint) => {
      if (findPosting.get(key)) throw new Error(`key ${key} used twice`)
      const at = Date.now()
      const hash = requestHash(kind, memo, debitId, creditId, amount)
      const postingId = insertPosting.run(key, hash, kind, memo, null, null, at).lastInsertRowid
      const debited = debit.get(amount, debitId, CURRENCY, amount) as { balance_minor: bigint } | undefined
      if (!debited) return false
      const credited = credit.get(amount, creditId, CURRENCY) as { balance_minor: bigint }
      const transferId = insertTransfer.run(postingId, debitId, creditId, amount, CURRENCY, at).lastInsertRowid
      insertEntry.run(transferId, debitId, -amount, debited.balance_minor, at)
      insertEntry.run(transferId, creditId, amount, credited.balance_minor, at)
      return true
    }

    // Setup, not timed, in one transaction: the same users, wallets, issuance account and
    // top-up postings as the core's, so both databases start the same size.
    const setup = process.hrtime.bigint()
    const walletCode = (userId: bigint) => `wallet:${userId}:${CURRENCY}`
    const insertUser = db.prepare(
      'INSERT INTO users (telegram_id, username, first_name, started_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    const insertAccount = db.prepare(
      'INSERT INTO accounts (code, kind, user_id, currency, balance_minor, may_go_negative, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)',
    )
    const userIds: bigint[] = []
    db.transaction(() => {
      const at = Date.now()
      for (let i = 0; i < WALLETS; i++) {
        const p = profile(i)
        const userId = BigInt(insertUser.run(p.telegramId, p.username, p.firstName, at, at, at).lastInsertRowid)
        insertAccount.run(walletCode(userId), 'wallet', userId, CURRENCY, 0, at)
        userIds.push(userId)
      }
      const issuance = BigInt(insertAccount.run(`system:issuance:${CURRENCY}`, 'issuance', null, CURRENCY, 1, at).lastInsertRowid)
      userIds.forEach((userId, i) => {
        const wallet = (accountByCode.get(walletCode(userId)) as { id: bigint }).id
        post(`topup-${i}`, 'topup', null, issuance, wallet, TOP_UP_MINOR)
      })
    })()
    console.log(`    setup ${seconds(process.hrtime.bigint() - setup)}`)

    // The run: strictly one at a time (raw better-sqlite3 is synchronous), each transfer its
    // own BEGIN IMMEDIATE … COMMIT, so each pays its own fsync.
    const begin = db.prepare('BEGIN IMMEDIATE')
    const commit = db.prepare('COMMIT')
    const latencies = new Float64Array(plan.length)
    const started = process.hrtime.bigint()
    plan.forEach(({ from, to, amountMinor }, i) => {
      const t0 = process.hrtime.bigint()
      begin.run()
      const fromId = (accountByCode.get(walletCode(userIds[from]!)) as { id: bigint }).id
      if (!userExists.get(userIds[to]!)) throw new Error('recipient vanished')
      const toId = (accountByCode.get(walletCode(userIds[to]!)) as { id: bigint }).id
      if (!post(`t-${i}`, 'transfer', MEMO, fromId, toId, amountMinor)) throw new Error('baseline ran a wallet dry')
      commit.run()
      latencies[i] = Number(process.hrtime.bigint() - t0)
      // The event loop is blocked here, so the timer-driven sampler cannot run: sample by hand.
      if (i % 500 === 0) rss.sample()
    })
    return stats(latencies, process.hrtime.bigint() - started)
  } finally {
    db.close()
  }
}

/** The same canonical form posting.ts hashes, so both sides store the same bytes. */
function requestHash(kind: string, memo: string | null, debitId: bigint, creditId: bigint, amount: bigint): string {
  const canonical = JSON.stringify([kind, memo, null, [[Number(debitId), Number(creditId), amount.toString(), CURRENCY]]])
  return createHash('sha256').update(canonical).digest('hex')
}

// ---- the plan ----------------------------------------------------------------------------

/** mulberry32: a tiny seeded PRNG, so every run (and both sides) replay the same transfers. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function planTransfers(n: number, random: () => number): Planned[] {
  const int = (below: number) => Math.floor(random() * below)
  return Array.from({ length: n }, () => {
    const from = int(WALLETS)
    const to = (from + 1 + int(WALLETS - 1)) % WALLETS // any wallet but the payer's
    return { from, to, amountMinor: BigInt(1 + int(MAX_AMOUNT_MINOR)) }
  })
}

const profile = (i: number) => ({ telegramId: 5_000_000_000n + BigInt(i), username: `bench${i}`, firstName: `Bench ${i}` })

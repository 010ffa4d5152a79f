/**
 * Ledger benchmark: durable transfers per second through the core, against raw drivers doing
 * the same writes in the same run, on the same engine and disk (the engine DATABASE_URL names:
 * a SQLite file by default, or a PostgreSQL server).
 *  - SQLite: raw better-sqlite3 with one commit per transfer (every transfer its own fsync),
 *    and with one commit per batch of the size the core's group commit reached (the physical
 *    limit of this workload: nothing but the writes). Target: core ≥ 0.8 × the batched one.
 *  - PostgreSQL: raw `pg`, one transaction per transfer, the same pool size and concurrency.
 *    Target: core ≥ 1.0 ×.
 * A script, not a test: it prints numbers and fails only if the core's audit fails.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { audit } from '../../core/audit/auditor.js'
import { openDatabase, type Database } from '../../core/db/database.js'
import { applyPostgresMigrations, isPostgresUrl } from '../../core/db/postgres/migrate.js'
import { DomainError } from '../../core/errors.js'
import { topUp } from '../../core/wallet/topup.js'
import { transfer } from '../../core/wallet/transfer.js'
import { upsertUserInTx } from '../../core/wallet/users.js'
import { createScratchDatabase } from '../../prisma/scratch-database.js'
import { ADMIN_TELEGRAM_ID, testConfig } from '../helpers/db.js'
import { withPostgresClient } from '../helpers/postgres.js'
import { CALLERS, CURRENCY, drive, MEMO, planTransfers, profile, TOP_UP_MINOR, TRANSFERS, WALLETS, type Planned } from './ledger-plan.js'
import { runRawPostgres } from './ledger-raw-postgres.js'
import { runRawSqlite } from './ledger-raw-sqlite.js'
import { cpuMicros, mb, ms, range, RssSampler, seconds, stats, timed, type BenchResult } from './stats.js'

export type { BenchResult }

const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? 16)
const row = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`)

export async function runLedgerBench(): Promise<BenchResult> {
  const rss = new RssSampler()
  const plan = planTransfers()
  try {
    const url = process.env.DATABASE_URL
    const ok = isPostgresUrl(url) ? await onPostgres(url, plan, rss) : await onSqlite(plan, rss)
    row('peak RSS (sampled / maxRSS)', `${mb(rss.max)} / ${mb(process.resourceUsage().maxRSS * 1024)}`)
    return { ok }
  } finally {
    rss.stop()
  }
}

async function onSqlite(plan: Planned[], rss: RssSampler): Promise<boolean> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lingqian-bench-'))
  try {
    console.log(`ledger on SQLite: ${WALLETS} wallets, ${TRANSFERS} transfers, ${CALLERS} concurrent callers (core)`)
    const perTransfer = await timed('baseline: raw better-sqlite3, one commit per transfer', () => runRawSqlite(path.join(dir, 'raw1.db'), plan, 1, rss))
    const core = await timed('core (group commit)', async () => runCore(await openDatabase({ url: `file:${path.join(dir, 'core.db')}` }), plan, rss))
    const batch = Math.max(1, Math.round(core.unitsPerBatch))
    const batched = await timed(`baseline: raw better-sqlite3, one commit per ${batch} transfers`, () => runRawSqlite(path.join(dir, 'rawN.db'), plan, batch, rss))
    console.log('\nledger results (SQLite)')
    row('baseline, one commit per transfer: transfers/s', perTransfer.perSecond.toFixed(0))
    row(`baseline, one commit per ${batch}: transfers/s`, batched.perSecond.toFixed(0))
    row('core transfers/s', core.perSecond.toFixed(0))
    row('ratio core / one commit per transfer', (core.perSecond / perTransfer.perSecond).toFixed(2))
    row(`ratio core / one commit per ${batch}`, `${(core.perSecond / batched.perSecond).toFixed(2)}   (target ≥ 0.8)`)
    reportCore(core)
    row('baseline latency p50 / p99 (per transfer / batched)', `${ms(perTransfer.p50)} / ${ms(perTransfer.p99)}, ${ms(batched.p50)} / ${ms(batched.p99)}`)
    row('CPU per transfer: core / batched baseline', `${core.cpuPerOpUs.toFixed(0)} µs / ${batched.cpuPerOpUs.toFixed(0)} µs`)
    return core.auditOk
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function onPostgres(serverUrl: string, plan: Planned[], rss: RssSampler): Promise<boolean> {
  console.log(`ledger on PostgreSQL: ${WALLETS} wallets, ${TRANSFERS} transfers, ${CALLERS} concurrent callers, pools of ${POOL_SIZE}`)
  const fresh = async () => {
    const db = await createScratchDatabase(serverUrl, 'lingqian_bench')
    await withPostgresClient(db.url, (client) => applyPostgresMigrations(client))
    return db
  }
  const rawDb = await fresh()
  const coreDb = await fresh()
  try {
    const raw = await timed('baseline: raw pg, one transaction per transfer', () => runRawPostgres(rawDb.url, plan, POOL_SIZE))
    const core = await timed('core', async () => runCore(await openDatabase({ url: coreDb.url, poolSize: POOL_SIZE }), plan, rss))
    console.log('\nledger results (PostgreSQL)')
    row('baseline transfers/s', raw.perSecond.toFixed(0))
    row('core transfers/s', core.perSecond.toFixed(0))
    row('ratio core / baseline', `${(core.perSecond / raw.perSecond).toFixed(2)}   (target ≥ 1.0)`)
    reportCore(core)
    row('baseline latency p50 / p99', `${ms(raw.p50)} / ${ms(raw.p99)}`)
    row('CPU per transfer in this process: core / baseline', `${core.cpuPerOpUs.toFixed(0)} µs / ${raw.cpuPerOpUs.toFixed(0)} µs`)
    return core.auditOk
  } finally {
    await rawDb.drop()
    await coreDb.drop()
  }
}

function reportCore(core: Awaited<ReturnType<typeof runCore>>): void {
  row(`core latency p50 / p99 (${CALLERS} callers)`, `${ms(core.p50)} / ${ms(core.p99)}`)
  row('core refusals (insufficient funds)', String(core.refused))
  row('core commits (transfers per commit)', `${core.batches} (${core.unitsPerBatch.toFixed(1)})`)
  row('audit of the core database', core.auditOk ? 'passed' : 'FAILED')
}

/** The wallet's own use cases: set-up through them (not timed), then the plan, then the audit. */
async function runCore(db: Database, plan: Planned[], rss: RssSampler) {
  const config = testConfig({ currency: CURRENCY })
  try {
    const setup = process.hrtime.bigint()
    const userIds: number[] = []
    // Wallets in units of 1000: 10k units would only measure set-up.
    for (let start = 0; start < WALLETS; start += 1000) {
      const ids = await db.write(async (tx) => {
        const made: number[] = []
        for (const i of range(start, Math.min(start + 1000, WALLETS))) made.push((await upsertUserInTx(tx, profile(i), CURRENCY, true)).id)
        return made
      })
      userIds.push(...ids)
    }
    await Promise.all(userIds.map((toUserId, i) => topUp(db, config, { idempotencyKey: `topup-${i}`, adminTelegramId: ADMIN_TELEGRAM_ID, toUserId, amountMinor: TOP_UP_MINOR })))
    console.log(`    setup ${seconds(process.hrtime.bigint() - setup)}`)

    let refused = 0
    const before = { ...db.stats }
    const cpuStart = cpuMicros()
    const started = process.hrtime.bigint()
    const latencies = await drive(plan.length, async (i) => {
      const { from, to, amountMinor } = plan[i]!
      try {
        await transfer(db, config, { idempotencyKey: `t-${i}`, fromUserId: userIds[from]!, toUserId: userIds[to]!, amountMinor, memo: MEMO })
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'INSUFFICIENT_FUNDS')) throw error
        refused++
      }
    })
    const wall = process.hrtime.bigint() - started
    rss.sample()
    const batches = db.stats.batches - before.batches
    const unitsPerBatch = (db.stats.units - before.units) / Math.max(1, batches)
    const report = await audit(db)
    if (!report.ok) console.log(JSON.stringify(report.checks.filter((c) => !c.ok), null, 2))
    return { ...stats(latencies, wall, cpuStart), refused, batches, unitsPerBatch, auditOk: report.ok }
  } finally {
    await db.close()
  }
}

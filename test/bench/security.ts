/**
 * Security benchmark, on the engine DATABASE_URL names (a SQLite file by default, or a
 * PostgreSQL server), two figures the payment password must keep:
 *
 *  1. Authorization cost. Password-free transfers (小额免密: every payer has a payment password,
 *     set through storePassword, and pays less than the password-free amounts) through the
 *     core's transfer(), which runs authorizeDebit in the same unit of work, against the same
 *     transfers with the authorization step taken out: the same post() of the same request in
 *     db.write, after the same account look-ups (transferInTx minus authorizeDebit), on the same
 *     database, from the same CALLERS concurrent callers. The sides alternate (SIDE_MS each) over ROUNDS
 *     paired rounds (ABBA order, so a drift of the machine or the growing tables favours
 *     neither); the figure is the median of the rounds' ratios. Target: authorized ≤ 1.10 × the
 *     baseline's time per transfer ("adds at most 10%").
 *  2. The event loop while hashing. The whole bot (createBot, on the in-process fake Bot API,
 *     direct mode) answering /balance from many users at a steady pace (open loop: update k is
 *     due at k / RATE s, and its latency runs from when it was due, so an event loop that stalls
 *     shows as latency even for the updates it kept from being sent), with no hashing going on,
 *     with 20 password checks (checkPassword: argon2id verify plus its two units of work) kept
 *     in flight continuously, and with 20 bare PasswordHasher.verify calls in flight (the hash
 *     alone, no database: which part of the cost is argon2's). The phases rotate over
 *     BOT_ROUNDS rounds; percentiles pool each phase's rounds. Beside them, the event-loop delay
 *     of each phase (monitorEventLoopDelay, less its sampling interval: 0 is a loop that never
 *     waited). Hashing is async (libuv's thread pool, UV_THREADPOOL_SIZE threads), so what it
 *     may cost /balance is the CPU those threads take from the main one when there are fewer
 *     cores than threads, not a loop blocked by the hash itself.
 *
 * A script, not a test: the targets are printed, not asserted. It fails (ok: false) only on
 * wrong results: a refused transfer, spending not counted as password-free, a /balance without
 * its balance, a password check that did not pass, or the ledger's audit.
 */
import os from 'node:os'
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import pino from 'pino'
import { createBot } from '../../bot/create-bot.js'
import { audit } from '../../core/audit/auditor.js'
import type { Database } from '../../core/db/database.js'
import { asBigint } from '../../core/db/port.js'
import { DomainError } from '../../core/errors.js'
import { post } from '../../core/ledger/posting.js'
import { checkPassword, PasswordHasher, storePassword } from '../../core/security/password.js'
import type { WalletConfig } from '../../core/wallet/config.js'
import { assertPaymentAmount, normalizeMemo } from '../../core/wallet/payment-guards.js'
import { topUp } from '../../core/wallet/topup.js'
import { transfer, userWalletAccountId } from '../../core/wallet/transfer.js'
import { findUserByTelegramId, upsertUserInTx } from '../../core/wallet/users.js'
import { FakeTelegram, type FakeUser } from '../../bot/telegram-emulator/index.js'
import { TEST_TOKEN } from '../helpers/bot-harness.js'
import { ADMIN_TELEGRAM_ID, ENGINE, tempDatabase, testConfig, TEST_ENCRYPTION_KEYS, TEST_PEPPER, type TempDatabase } from '../helpers/db.js'
import { CALLERS } from './ledger-plan.js'
import { cpuMicros, mb, ms, paced, pct, pooled, range, RssSampler, stats, timed, type BenchResult } from './stats.js'

// ---- part 1: the authorization step's cost -----------------------------------------------------

/**
 * Wallets, each paying and being paid, each with a payment password. As many as the ledger
 * bench's: with a few hundred, two transfers at once often lock the same two wallets in
 * opposite orders, and on PostgreSQL every such deadlock costs a second (deadlock_timeout)
 * before the batch writer retries, which is then all the bench would measure.
 */
const PAYERS = Number(process.env.BENCH_SECURITY_PAYERS ?? 10_000)
/**
 * Each side of a round runs this long (not a count: the two sides' speeds differ, and a round
 * of a fixed count on a fast engine lasts a fraction of a second, which a shared machine's
 * noise decides).
 */
const SIDE_MS = Number(process.env.BENCH_SECURITY_SIDE_MS ?? 1_200)
const ROUNDS = Number(process.env.BENCH_SECURITY_ROUNDS ?? 6)
/** Not timed, per side: V8 optimizes both paths and the statement caches fill. */
const WARM_MS = Number(process.env.BENCH_SECURITY_WARM_MS ?? 800)
/** Distinct planned transfers, replayed in a cycle (each with a key of its own). */
const PLANNED = 20_000
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? 16)
const MEMO = 'bench'
/** Transfers of ¥0.01–¥100, all below the password-free amount of ¥200. */
const MAX_TRANSFER_MINOR = 10_000
const FREE_PAYMENT_MINOR = 20_000n
const TOP_UP_MINOR = 5_000_000n
const TARGET = 1.1

// ---- part 2: /balance while hashing ------------------------------------------------------------

const BOT_USERS = Number(process.env.BENCH_SECURITY_BOT_USERS ?? 200)
/** /balance updates per second, sent at a steady pace whatever the bot's latency. */
const RATE = Number(process.env.BENCH_SECURITY_RATE ?? 300)
/** Per phase and round. */
const PHASE_MS = Number(process.env.BENCH_SECURITY_PHASE_MS ?? 2_000)
const BOT_ROUNDS = Number(process.env.BENCH_SECURITY_BOT_ROUNDS ?? 3)
const HASHERS = 20
/** The checks' ramp before a hashing phase is timed: every one of the 20 is in flight. */
const RAMP_MS = 300
const WARM_BALANCES = 2_000
const PIN = '385912'
const RATE_LIMIT = { limit: 10_000, timeFrameMs: 1000 }
/** monitorEventLoopDelay's sampling interval, ms; it records whole intervals, so this is subtracted. */
const LOOP_RESOLUTION_MS = 10

const row = (label: string, value: string) => console.log(`  ${label.padEnd(50)} ${value}`)
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export async function runSecurityBench(): Promise<BenchResult> {
  const rss = new RssSampler()
  try {
    const threads = process.env.UV_THREADPOOL_SIZE ?? '4 (default)'
    console.log(`security on ${ENGINE}; ${os.availableParallelism()} cores, libuv thread pool ${threads} (argon2id runs there)`)
    const authorized = await authorizationCost(rss)
    const loop = await balanceWhileHashing(rss)
    row('peak RSS (sampled / maxRSS)', `${mb(rss.max)} / ${mb(process.resourceUsage().maxRSS * 1024)}`)
    return { ok: authorized && loop }
  } finally {
    rss.stop()
  }
}

// ---- part 1 ------------------------------------------------------------------------------------

interface Planned {
  from: number
  to: number
  amountMinor: bigint
}

/** The same seeded transfers for both sides of every round. */
function plan(): Planned[] {
  let seed = 0x5ec0_17e5
  const int = (below: number) => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0
    return Math.floor((seed / 2 ** 32) * below)
  }
  return range(0, PLANNED).map(() => {
    const from = int(PAYERS)
    return { from, to: (from + 1 + int(PAYERS - 1)) % PAYERS, amountMinor: BigInt(1 + int(MAX_TRANSFER_MINOR)) }
  })
}

type Side = 'baseline' | 'authorized'

interface SideRun {
  count: number
  perSecond: number
  p50: number
  p99: number
  cpuPerOpUs: number
}

async function authorizationCost(rss: RssSampler): Promise<boolean> {
  // Password-free above every payment; nothing may leave a wallet without a password, so a
  // payer whose password were missing would be refused, not let through as a password-free one.
  const config: WalletConfig = testConfig({
    passwordFree: { paymentMinor: FREE_PAYMENT_MINOR, dailyMinor: 10n ** 12n, paymentCapMinor: FREE_PAYMENT_MINOR, dailyCapMinor: 10n ** 12n, withoutPasswordDailyMinor: 0n },
  })
  const t = await tempDatabase({ poolSize: POOL_SIZE })
  try {
    console.log(`\n1. authorization step: ${PAYERS} wallets, each with a payment password, password-free transfers (≤ ¥${MAX_TRANSFER_MINOR / 100} < ¥${Number(FREE_PAYMENT_MINOR) / 100} free),`)
    console.log(`   ${CALLERS} concurrent callers, ${ROUNDS} paired rounds of ${SIDE_MS / 1000} s per side (ABBA)${ENGINE === 'postgresql' ? `, pool of ${POOL_SIZE}` : ''}`)
    console.log('   authorized: transfer() (post + authorizeDebit in one unit); baseline: the same post() in db.write, no authorizeDebit')
    const userIds = await timed(`setup: ${PAYERS} wallets, top-ups, storePassword for each`, () => payers(t.db, config))
    const planned = plan()
    let refused = 0
    let authorizedMinor = 0n
    const one = (side: Side, key: string) => async (i: number) => {
      const { from, to, amountMinor } = planned[i % planned.length]!
      const command = { idempotencyKey: `${side}-${key}-${i}`, fromUserId: userIds[from]!, toUserId: userIds[to]!, amountMinor, memo: MEMO }
      try {
        if (side === 'authorized') {
          await transfer(t.db, config, command)
          authorizedMinor += amountMinor
        } else {
          await postOnly(t.db, config, command)
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error
        refused++
      }
    }
    const runSide = async (side: Side, key: string, forMs: number): Promise<SideRun> => {
      const cpuStart = cpuMicros()
      const started = process.hrtime.bigint()
      const latencies = await driveFor(forMs, one(side, key))
      const result = stats(latencies, process.hrtime.bigint() - started, cpuStart)
      rss.sample()
      return { ...result, count: latencies.length }
    }

    await timed(`warm-up: ${WARM_MS / 1000} s per side (not timed)`, async () => {
      await runSide('baseline', 'warm', WARM_MS)
      await runSide('authorized', 'warm', WARM_MS)
    })
    const runs: Record<Side, SideRun[]> = { baseline: [], authorized: [] }
    const ratios: number[] = []
    await timed(`${ROUNDS} paired rounds`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const order: Side[] = round % 2 === 0 ? ['baseline', 'authorized'] : ['authorized', 'baseline']
        for (const side of order) runs[side].push(await runSide(side, `r${round}`, SIDE_MS))
        const [b, a] = [runs.baseline.at(-1)!, runs.authorized.at(-1)!]
        const ratio = b.perSecond / a.perSecond
        ratios.push(ratio)
        console.log(`    round ${round + 1} (${order.join(' first, ')} second): baseline ${b.perSecond.toFixed(0)}, authorized ${a.perSecond.toFixed(0)} transfers/s (${b.count} / ${a.count}), ratio ${ratio.toFixed(3)}`)
      }
    })

    // Every authorized transfer was counted as paid without the password: the step ran, and
    // ran the password-free path (not a refusal, not a verified entry).
    const counted = await t.db.read((tx) => tx.get<Record<string, unknown>>('SELECT COALESCE(SUM(free_minor), 0) AS free, COALESCE(SUM(spent_minor), 0) AS spent FROM daily_spending'))
    const freeMinor = asBigint(counted?.free ?? 0)
    const spentMinor = asBigint(counted?.spent ?? 0)
    // A run across the wallet's midnight splits the counts over two days; the sums still hold.
    const countedOk = freeMinor === authorizedMinor && spentMinor === authorizedMinor
    const passwords = await t.db.read((tx) => tx.get<Record<string, unknown>>('SELECT COUNT(*) AS n FROM users WHERE password_hash IS NOT NULL'))
    const passwordsOk = Number(passwords?.n ?? 0) === PAYERS
    const entries = await t.db.read((tx) => tx.get<Record<string, unknown>>("SELECT COUNT(*) AS n FROM entries e JOIN accounts a ON a.id = e.account_id WHERE a.kind = 'wallet'"))
    const report = await audit(t.db)
    if (!report.ok) console.log(JSON.stringify(report.checks.filter((c) => !c.ok), null, 2))

    const med = (side: Side, pick: (r: SideRun) => number) => median(runs[side].map(pick))
    const ratio = median(ratios)
    console.log(`\nauthorization results (${ENGINE}, medians of ${ROUNDS} rounds)`)
    row('baseline (post only) transfers/s', med('baseline', (r) => r.perSecond).toFixed(0))
    row('authorized (transfer(), password-free) transfers/s', med('authorized', (r) => r.perSecond).toFixed(0))
    row('ratio authorized / baseline time per transfer', `${ratio.toFixed(3)}× (rounds: ${ratios.map((r) => r.toFixed(3)).join(', ')})`)
    row(`target ≤ ${TARGET.toFixed(2)}×`, ratio <= TARGET ? 'met' : 'not met')
    row(`latency p50 / p99 baseline (${CALLERS} callers)`, `${ms(med('baseline', (r) => r.p50))} / ${ms(med('baseline', (r) => r.p99))}`)
    row(`latency p50 / p99 authorized (${CALLERS} callers)`, `${ms(med('authorized', (r) => r.p50))} / ${ms(med('authorized', (r) => r.p99))}`)
    const cpuRatios = runs.authorized.map((a, i) => a.cpuPerOpUs / runs.baseline[i]!.cpuPerOpUs)
    row('CPU per transfer in this process: baseline / authorized', `${med('baseline', (r) => r.cpuPerOpUs).toFixed(0)} µs / ${med('authorized', (r) => r.cpuPerOpUs).toFixed(0)} µs`)
    row('CPU per transfer ratio authorized / baseline', `${median(cpuRatios).toFixed(3)}× (rounds: ${cpuRatios.map((r) => r.toFixed(3)).join(', ')})`)
    row('refused transfers', String(refused))
    row('wallets with a password set', `${passwordsOk ? 'all' : 'NOT all'}: ${String(passwords?.n)} of ${PAYERS}`)
    row('entries per wallet at the end (mean)', (Number(entries?.n ?? 0) / PAYERS).toFixed(1))
    row('spending counted as password-free', `${countedOk ? 'all of it' : 'WRONG'}: ${yuan(freeMinor)} free, ${yuan(spentMinor)} spent of ${yuan(authorizedMinor)} authorized`)
    row('audit', report.ok ? 'passed' : 'FAILED')
    return refused === 0 && countedOk && passwordsOk && report.ok
  } finally {
    await t.dispose()
  }
}

/**
 * CALLERS loops, each awaiting one transfer at a time, starting new ones until `forMs` has
 * passed; the latencies of every transfer done (ns).
 */
async function driveFor(forMs: number, work: (i: number) => Promise<void>): Promise<Float64Array> {
  const latencies: number[] = []
  const deadline = process.hrtime.bigint() + BigInt(forMs) * 1_000_000n
  let next = 0
  const caller = async () => {
    while (process.hrtime.bigint() < deadline) {
      const started = process.hrtime.bigint()
      await work(next++)
      latencies.push(Number(process.hrtime.bigint() - started))
    }
  }
  await Promise.all(range(0, CALLERS).map(caller))
  return Float64Array.from(latencies)
}

/** transferInTx without authorizeDebit: the guards transfer() runs, then the same look-ups and the same posting. */
async function postOnly(db: Database, config: WalletConfig, command: { idempotencyKey: string; fromUserId: number; toUserId: number; amountMinor: bigint; memo: string }): Promise<void> {
  assertPaymentAmount(config, command.amountMinor)
  const memo = normalizeMemo(config, command.memo)
  if (command.fromUserId === command.toUserId) throw new DomainError('SELF_TRANSFER')
  await db.write(async (tx) => {
    const fromAccountId = await userWalletAccountId(tx, command.fromUserId, config.currency)
    const toAccountId = await userWalletAccountId(tx, command.toUserId, config.currency)
    await post(tx, {
      idempotencyKey: command.idempotencyKey,
      kind: 'transfer',
      memo,
      actorTelegramId: undefined,
      transfers: [{ debitAccountId: fromAccountId, creditAccountId: toAccountId, amountMinor: command.amountMinor, currency: config.currency }],
    })
  })
}

/**
 * The one argon2id hash of PIN, computed once and handed to every storePassword: 10,000
 * hashes would take half a minute on two cores, and the authorization step only asks whether
 * a password is set. (Every payer's stored hash is then the same string, salt included.)
 */
class OneHashHasher extends PasswordHasher {
  #stored: Promise<string> | undefined
  override hash(pin: string): Promise<string> {
    if (pin !== PIN) return super.hash(pin)
    return (this.#stored ??= super.hash(pin))
  }
}

/** The payers' wallets, topped up through the core, each with a payment password set through storePassword. */
async function payers(db: Database, config: WalletConfig): Promise<number[]> {
  const profile = (i: number) => ({ telegramId: 6_000_000_000n + BigInt(i), username: `sec${i}`, firstName: `Sec ${i}` })
  const userIds: number[] = []
  for (let start = 0; start < PAYERS; start += 1000) {
    const ids = await db.write(async (tx) => {
      const made: number[] = []
      for (const i of range(start, Math.min(start + 1000, PAYERS))) made.push((await upsertUserInTx(tx, profile(i), config.currency, true)).id)
      return made
    })
    userIds.push(...ids)
  }
  const hasher = new OneHashHasher(TEST_PEPPER)
  await Promise.all(
    userIds.map(async (toUserId, i) => {
      await topUp(db, config, { idempotencyKey: `sec-topup-${i}`, adminTelegramId: ADMIN_TELEGRAM_ID, toUserId, amountMinor: TOP_UP_MINOR })
      await storePassword(db, hasher, config.passwordReset, toUserId, PIN, 'set')
    }),
  )
  return userIds
}

// ---- part 2 ------------------------------------------------------------------------------------

interface Phase {
  latencies: Float64Array[]
  /** Each round's wall time, first update due to last one handled (s): above PHASE_MS, a backlog built up. */
  walls: number[]
  loopDelayP99: number[]
  loopDelayMax: number[]
  checks: number
  checkSeconds: number
}

async function balanceWhileHashing(rss: RssSampler): Promise<boolean> {
  const count = Math.round((RATE * PHASE_MS) / 1000)
  console.log(`\n2. /balance while hashing: whole bot on the fake Bot API (direct mode), ${BOT_USERS} users, /balance at ${RATE}/s (open loop,`)
  console.log(`   latency from when each update was due), ${BOT_ROUNDS} rounds of ${count} updates per phase:`)
  console.log(`   idle / ${HASHERS} checkPassword in flight / ${HASHERS} PasswordHasher.verify in flight (no database)`)
  const stack = await timed(`setup: bot, /start for ${BOT_USERS} + ${HASHERS} users, ${HASHERS} passwords`, startBot)
  try {
    let replies = 0
    let asked = 0
    const balanceOnce = async (i: number) => {
      const user = stack.users[i % stack.users.length]!
      asked++
      const sent = await user.send(user.privateChat, '/balance')
      const reply = user.privateChat.log.find((m) => m.fromBot && m.id > sent.id)
      if (reply?.plainText?.startsWith('💰 Balance: ¥')) replies++
    }
    await timed(`warm-up: ${WARM_BALANCES} × /balance and ${HASHERS * 5} password checks (not timed)`, async () => {
      await paced(WARM_BALANCES, RATE * 4, balanceOnce)
      await Promise.all(stack.hashUsers.map(async (userId) => { for (let k = 0; k < 5; k++) await stack.check(userId) }))
    })
    replies = 0
    asked = 0

    let checksFailed = 0
    const phases: Record<PhaseName, Phase> = { idle: newPhase(), checks: newPhase(), verify: newPhase() }
    const names: PhaseName[] = ['idle', 'checks', 'verify']
    await timed(`${BOT_ROUNDS} rounds`, async () => {
      for (let round = 0; round < BOT_ROUNDS; round++) {
        const order = names.map((_, k) => names[(k + round) % names.length]!)
        for (const name of order) {
          const phase = phases[name]
          let stop = false
          let checks = 0
          // Each of the 20 loops keeps one check in flight on its own user (checks on one user
          // at once would count as tries and lock it), its right password every time.
          const hashers =
            name === 'idle'
              ? []
              : stack.hashUsers.map(async (userId) => {
                  while (!stop) {
                    if (await (name === 'checks' ? stack.check(userId) : stack.verify())) checks++
                    else checksFailed++
                  }
                })
          if (name !== 'idle') await sleep(RAMP_MS)
          const checksBefore = checks
          const histogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
          histogram.enable()
          const started = process.hrtime.bigint()
          phase.latencies.push(await paced(count, RATE, balanceOnce))
          const wall = Number(process.hrtime.bigint() - started) / 1e9
          histogram.disable()
          phase.checks += checks - checksBefore
          phase.checkSeconds += wall
          phase.walls.push(wall)
          stop = true
          await Promise.all(hashers)
          record(phase, histogram)
          rss.sample()
        }
        const p99 = (phase: Phase) => ms(pct(phase.latencies.at(-1)!, 0.99))
        const loop = (phase: Phase) => ms(phase.loopDelayP99.at(-1)!)
        console.log(`    round ${round + 1} (${order.join(', ')}): /balance p99 ${p99(phases.idle)} / ${p99(phases.checks)} / ${p99(phases.verify)}; loop delay p99 ${loop(phases.idle)} / ${loop(phases.checks)} / ${loop(phases.verify)}`)
      }
    })
    const repliesOk = replies === asked && asked === names.length * BOT_ROUNDS * count
    const report = await audit(stack.t.db)
    if (!report.ok) console.log(JSON.stringify(report.checks.filter((c) => !c.ok), null, 2))

    const idle = pooled(phases.idle.latencies)
    const checks = pooled(phases.checks.latencies)
    const verify = pooled(phases.verify.latencies)
    const p = (latencies: Float64Array) => `${ms(pct(latencies, 0.5))} / ${ms(pct(latencies, 0.99))}`
    const loopP99 = (phase: Phase) => ms(median(phase.loopDelayP99))
    const loopMax = (phase: Phase) => ms(Math.max(...phase.loopDelayMax))
    const perSecond = (phase: Phase) => `${phase.checks} (${(phase.checks / phase.checkSeconds).toFixed(0)}/s)`
    console.log(`\n/balance while hashing results (${ENGINE}, ${RATE}/s, ${BOT_ROUNDS} × ${count} updates per phase)`)
    row('/balance p50 / p99 idle (no hashing)', p(idle))
    row(`/balance p50 / p99 with ${HASHERS} checkPassword in flight`, p(checks))
    row('/balance p99 ratio checkPassword / idle', `${(pct(checks, 0.99) / pct(idle, 0.99)).toFixed(2)}×`)
    row(`/balance p50 / p99 with ${HASHERS} verify in flight (no db)`, p(verify))
    row('/balance p99 ratio verify / idle', `${(pct(verify, 0.99) / pct(idle, 0.99)).toFixed(2)}×`)
    row('/balance max idle / checkPassword / verify', `${ms(pct(idle, 1))} / ${ms(pct(checks, 1))} / ${ms(pct(verify, 1))}`)
    row('event-loop delay p99 idle / checkPassword / verify', `${loopP99(phases.idle)} / ${loopP99(phases.checks)} / ${loopP99(phases.verify)}   (median of rounds)`)
    row('event-loop delay max idle / checkPassword / verify', `${loopMax(phases.idle)} / ${loopMax(phases.checks)} / ${loopMax(phases.verify)}`)
    const wall = (phase: Phase) => `${median(phase.walls).toFixed(2)} s`
    row(`phase wall (updates due over ${(PHASE_MS / 1000).toFixed(1)} s) idle / checks / verify`, `${wall(phases.idle)} / ${wall(phases.checks)} / ${wall(phases.verify)}   (longer: the bot fell behind the pace)`)
    row('hashes in the timed phases: checkPassword / verify', `${perSecond(phases.checks)} / ${perSecond(phases.verify)}, ${checksFailed} failed`)
    row('/balance replies (count and text)', repliesOk ? 'as expected' : `WRONG: ${replies} of ${asked}`)
    row('audit of the bot database', report.ok ? 'passed' : 'FAILED')
    return repliesOk && checksFailed === 0 && phases.checks.checks > 0 && phases.verify.checks > 0 && report.ok
  } finally {
    await stack.dispose()
  }
}

type PhaseName = 'idle' | 'checks' | 'verify'

const newPhase = (): Phase => ({ latencies: [], walls: [], loopDelayP99: [], loopDelayMax: [], checks: 0, checkSeconds: 0 })

function record(phase: Phase, histogram: IntervalHistogram): void {
  const excess = (ns: number) => Math.max(0, ns - LOOP_RESOLUTION_MS * 1e6)
  phase.loopDelayP99.push(excess(histogram.percentile(99)))
  phase.loopDelayMax.push(excess(histogram.max))
}

/** The whole bot as production builds it (like the bot bench), its users started, and 20 with a password. */
async function startBot() {
  const fake = new FakeTelegram({ token: TEST_TOKEN, botUsername: 'lingqian_bench_bot', recordCalls: false, keepMessagesPerChat: 20 })
  const t: TempDatabase = await tempDatabase()
  const config = testConfig()
  try {
    const { bot } = createBot({
      token: TEST_TOKEN,
      passwordPepper: TEST_PEPPER,
      encryptionKeys: TEST_ENCRYPTION_KEYS,
      db: t.db,
      wallet: config,
      log: pino({ level: 'silent' }),
      fetch: fake.fetch,
      botInfo: fake.bot,
      throttle: false,
      rateLimit: RATE_LIMIT,
    })
    await bot.init()
    fake.deliverTo((update) => bot.handleUpdate(update))
    const make = (n: number, prefix: string, firstId: number): FakeUser[] =>
      range(0, n).map((i) => fake.user({ id: firstId + i, firstName: `${prefix} ${i}`, username: `${prefix}${i}`, languageCode: 'en' }))
    const users = make(BOT_USERS, 'reader', 710_000_000)
    const hashers = make(HASHERS, 'hasher', 810_000_000)
    for (const user of [...users, ...hashers]) await user.startBot()
    const hasher = new PasswordHasher(TEST_PEPPER)
    const stored = await hasher.hash(PIN)
    const hashUsers = await Promise.all(
      hashers.map(async (user) => {
        const wallet = await findUserByTelegramId(t.db, BigInt(user.id))
        if (!wallet) throw new Error(`user ${user.id} has no wallet after /start`)
        await storePassword(t.db, hasher, config.passwordReset, wallet.id, PIN, 'set')
        return wallet.id
      }),
    )
    return {
      t,
      users,
      hashUsers,
      /** One password check as the keypad makes it: counted, hashed, cleared. */
      check: async (userId: number) => (await checkPassword(t.db, hasher, config.passwordLock, userId, PIN)).ok,
      /** The hash alone, as checkPassword runs it. */
      verify: () => hasher.verify(stored, PIN),
      async dispose() {
        await fake.close()
        await t.dispose()
      },
    }
  } catch (error) {
    await fake.close()
    await t.dispose()
    throw error
  }
}

const yuan = (minor: bigint) => `¥${(Number(minor) / 100).toFixed(2)}`

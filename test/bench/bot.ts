/**
 * Bot benchmark: updates per second and latency through the whole bot (every
 * middleware and feature, on the engine DATABASE_URL names — a SQLite file by default — and
 * grammY's real client) against the in-process fake Bot API, next to a bare grammY bot
 * answering the same updates with fixed replies in the same run. The ratio whole-stack / bare is the figure (target ≥ 0.5 for /balance).
 *
 * Two workloads, each driven by CONCURRENCY loops sharing one counter, each operation timed from
 * the simulated user's action to the bot having handled it (direct mode: the fake's promise
 * settles once bot.handleUpdate finished):
 *  - `/balance` from many users;
 *  - a full payment: `/send @payee 1.5`, then Confirm on the card the bot replied with.
 * The sides alternate over ROUNDS rounds; each ratio printed is the median of the rounds' ratios.
 * Peak RSS includes both fakes, which keep every message (about 1 KB per update).
 *
 * A script, not a test: it prints numbers and fails only if the bot did not do the work (wrong
 * replies, money not moved) or the ledger's audit fails.
 */
import { Bot, InlineKeyboard } from 'grammy'
import pino from 'pino'
import { audit } from '../../core/audit/auditor.js'
import { getBalance } from '../../core/wallet/balance.js'
import { topUp } from '../../core/wallet/topup.js'
import { findUserByTelegramId } from '../../core/wallet/users.js'
import { createBot } from '../../bot/create-bot.js'
import { FakeTelegram, type ChatMessage, type FakeChat, type FakeUser } from '../../bot/telegram-emulator/index.js'
import { TEST_TOKEN } from '../helpers/bot-harness.js'
import { ADMIN_TELEGRAM_ID, ENGINE, tempDatabase, testConfig, type TempDatabase, TEST_PEPPER, TEST_ENCRYPTION_KEYS } from '../helpers/db.js'
import { CpuProfile, shareOf } from './profile.js'
import { mb, ms, RssSampler, stats, timed, type BenchResult } from './stats.js'

const USERS = Number(process.env.BENCH_BOT_USERS ?? 200)
const PAYEES = 50
/** Per round and side. */
const UPDATES = Number(process.env.BENCH_BOT_UPDATES ?? 5_000)
/** Per round and side. */
const FLOWS = Number(process.env.BENCH_BOT_FLOWS ?? 1_000)
const ROUNDS = Number(process.env.BENCH_BOT_ROUNDS ?? 3)
const CONCURRENCY = Number(process.env.BENCH_BOT_CONCURRENCY ?? 32)
/**
 * Not timed: each side warms up in windows of `window` operations, at least `min` of them,
 * until CPU per operation stops falling (two windows in a row within WARM_TOLERANCE), or
 * MAX_WARM_WINDOWS windows: a payment's CPU keeps falling over its first thousands of runs, as
 * V8 optimizes the paths and the memo and statement caches fill, so a short warm-up overstates
 * the steady state, and two short windows can look steady on a noisy machine.
 */
const WARM = { balance: { window: 2_000, min: 10_000 }, payment: { window: 1_000, min: 5_000 } }
const MAX_WARM_WINDOWS = 20
const WARM_TOLERANCE = 0.05
const WARMUP_FLOWS_MAX = WARM.payment.window * MAX_WARM_WINDOWS
/** Operations of each workload run once more under the profiler, to split CPU between the bot and the fake. */
const PROFILED = { balance: 2_000, payment: 500 }
const AMOUNT = '1.5'
const AMOUNT_MINOR = 150n
/** Each payer's top-up: its share of all payments plus ¥100, so no payment is refused. */
const FUND_MINOR = BigInt(Math.ceil((WARMUP_FLOWS_MAX + PROFILED.payment + ROUNDS * FLOWS) / USERS)) * AMOUNT_MINOR + 100_00n
/** Per user per second. The limiter stays in the stack (and costs what it costs), it just never refuses. */
const RATE_LIMIT = { limit: 10_000, timeFrameMs: 1000 }
const CONFIRM = '✅ Confirm'

/** One bot under test with its own fake Bot API and the same simulated people. */
interface Side {
  label: string
  fake: FakeTelegram
  users: FakeUser[]
  payees: FakeUser[]
  /** /balance commands answered with a balance (counted as they happen: the fake keeps few messages). */
  balanceReplies: number
}

export async function runBotBench(): Promise<BenchResult> {
  const rss = new RssSampler()
  let stack: Awaited<ReturnType<typeof startWholeStack>> | undefined
  let bare: Side | undefined
  try {
    console.log(`bot: ${USERS} users + ${PAYEES} payees, ${CONCURRENCY} updates in flight, ${ROUNDS} rounds alternating bare / whole stack,`)
    console.log(`     each round ${UPDATES} × /balance and ${FLOWS} × (/send @payee ${AMOUNT} + Confirm) per side`)
    console.log(`  in-process fake Bot API (direct mode, no HTTP); whole stack on ${ENGINE}`)
    console.log("  whole stack: throttler OFF (it caps sending at Telegram's 30 msg/s on purpose; the fake has no limit),")
    console.log(`               rate limiter on but generous (${RATE_LIMIT.limit}/user/s), pino at level silent`)
    console.log('  bare:        new Bot() + one handler per command replying fixed text (HTML, like the real replies), nothing else')

    stack = await timed('setup: whole stack (bot, /start for everyone, top-ups)', startWholeStack)
    bare = await timed('setup: bare grammY bot (/start for everyone)', startBare)
    const sides = { bare, stack: stack.side }

    // Warm-up, not timed, until each side's CPU per operation is steady.
    // flowsDone: the next payment's number, which picks its payer and payee on either side;
    // stackFlows: the payments the whole stack made, which the payees must have received.
    let flowsDone = 0
    let stackFlows = 0
    await timed('warm-up until CPU per operation is steady (both sides)', async () => {
      for (const side of [sides.bare, sides.stack]) {
        const balances = await warmUp(WARM.balance, (i) => balanceOnce(side, i))
        const flows = await warmUp(WARM.payment, (j) => payOnce(side, j))
        console.log(`    ${side.label}: /balance ${balances.text}; payment ${flows.text}`)
        flowsDone = Math.max(flowsDone, flows.count)
        if (side === sides.stack) stackFlows += flows.count
      }
    })

    // Alternating rounds, so a slow patch of a shared machine hits both sides alike; the
    // ratio is the median of the rounds' ratios, the rest pools all rounds.
    const writer = stack.t.db.stats
    const balanceCommits = new Commits(writer)
    const sendCommits = new Commits(writer)
    const runs = { bareBalance: [] as Run[], stackBalance: [] as Run[], bareSend: [] as Run[], stackSend: [] as Run[] }
    const repliesBefore = stack.side.balanceReplies
    await timed(`${ROUNDS} rounds`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        runs.bareBalance.push(await drive(UPDATES, CONCURRENCY, (i) => balanceOnce(sides.bare, i)))
        runs.stackBalance.push(await balanceCommits.during(() => drive(UPDATES, CONCURRENCY, (i) => balanceOnce(sides.stack, i))))
        rss.sample()
        const first = flowsDone
        runs.bareSend.push(await drive(FLOWS, CONCURRENCY, (j) => payOnce(sides.bare, first + j)))
        runs.stackSend.push(await sendCommits.during(() => drive(FLOWS, CONCURRENCY, (j) => payOnce(sides.stack, first + j))))
        flowsDone += FLOWS
        stackFlows += FLOWS
        rss.sample()
        const r = (a: Run[], b: Run[]) => (a.at(-1)!.perSecond / b.at(-1)!.perSecond).toFixed(2)
        console.log(`    round ${round + 1}: /balance ratio ${r(runs.stackBalance, runs.bareBalance)}, payment ratio ${r(runs.stackSend, runs.bareSend)}`)
      }
    })
    // Every timed /balance got its balance (not a "slow down", not an error message).
    const balanceRepliesOk = stack.side.balanceReplies - repliesBefore === ROUNDS * UPDATES

    // Once more under the profiler: which share of the CPU is the fake's.
    const fakeShare = await timed('profiled run of each workload (CPU split between bot and fake)', async () => {
      const share = async (op: (i: number) => Promise<void>, count: number) => {
        const profile = await CpuProfile.start()
        await drive(count, CONCURRENCY, op)
        return shareOf(await profile.stop(), (url) => url.includes('/bot/telegram-emulator/'))
      }
      const first = flowsDone
      flowsDone += PROFILED.payment
      stackFlows += PROFILED.payment
      return {
        bareBalance: await share((i) => balanceOnce(sides.bare, i), PROFILED.balance),
        stackBalance: await share((i) => balanceOnce(sides.stack, i), PROFILED.balance),
        bareSend: await share((j) => payOnce(sides.bare, first + j), PROFILED.payment),
        stackSend: await share((j) => payOnce(sides.stack, first + j), PROFILED.payment),
      }
    })

    // Did the money move? Every payment, warm-up included, is ¥1.50 into one of the payees.
    const paid = BigInt(stackFlows) * AMOUNT_MINOR
    const received = await stack.payeeBalances()
    const moneyOk = received === paid
    const report = await audit(stack.t.db)
    if (!report.ok) console.log(JSON.stringify(report.checks.filter((c) => !c.ok), null, 2))

    const bareBalance = pooled(runs.bareBalance)
    const stackBalance = pooled(runs.stackBalance)
    const bareSend = pooled(runs.bareSend)
    const stackSend = pooled(runs.stackSend)
    const row = (label: string, value: string) => console.log(`  ${label.padEnd(42)} ${value}`)
    console.log('\nbot results')
    row('/balance bare updates/s', bareBalance.perSecond.toFixed(0))
    row('/balance whole stack updates/s', stackBalance.perSecond.toFixed(0))
    row('/balance ratio whole stack / bare', `${medianRatio(runs.stackBalance, runs.bareBalance)}   (target ≥ 0.8)`)
    row('/balance bare latency p50 / p99', `${ms(bareBalance.p50)} / ${ms(bareBalance.p99)}`)
    row('/balance whole stack latency p50 / p99', `${ms(stackBalance.p50)} / ${ms(stackBalance.p99)}`)
    row('/balance CPU per update bare / whole stack', `${us(bareBalance.cpuPerOpUs)} / ${us(stackBalance.cpuPerOpUs)}`)
    row('  of which the fake: bare / whole stack', `${split(bareBalance.cpuPerOpUs, fakeShare.bareBalance)} / ${split(stackBalance.cpuPerOpUs, fakeShare.stackBalance)}`)
    row('/balance commits (writes per commit)', balanceCommits.text())
    row('/balance replies (count and text)', balanceRepliesOk ? 'as expected' : 'WRONG')
    row('payment bare flows/s (updates/s)', `${bareSend.perSecond.toFixed(0)} (${(2 * bareSend.perSecond).toFixed(0)})`)
    row('payment whole stack flows/s (updates/s)', `${stackSend.perSecond.toFixed(0)} (${(2 * stackSend.perSecond).toFixed(0)})`)
    row('payment ratio whole stack / bare', `${medianRatio(runs.stackSend, runs.bareSend)}   (no target; bare = 2 fixed replies)`)
    row('payment bare latency p50 / p99 (per flow)', `${ms(bareSend.p50)} / ${ms(bareSend.p99)}`)
    row('payment whole stack latency p50 / p99', `${ms(stackSend.p50)} / ${ms(stackSend.p99)}`)
    row('payment CPU per flow bare / whole stack', `${us(bareSend.cpuPerOpUs)} / ${us(stackSend.cpuPerOpUs)}   (target: whole stack ≤ 450 µs)`)
    row('  of which the fake: bare / whole stack', `${split(bareSend.cpuPerOpUs, fakeShare.bareSend)} / ${split(stackSend.cpuPerOpUs, fakeShare.stackSend)}`)
    row('payment CPU per flow ratio whole stack / bare', (stackSend.cpuPerOpUs / bareSend.cpuPerOpUs).toFixed(2))
    row('payment commits (writes per commit)', sendCommits.text())
    row('money moved (sum of payee balances)', `${moneyOk ? 'ok' : 'WRONG'}: ${yuan(received)} of ${yuan(paid)}`)
    row('peak RSS (sampled / maxRSS)', `${mb(rss.max)} / ${mb(process.resourceUsage().maxRSS * 1024)}`)
    row('audit of the whole-stack database', report.ok ? 'passed' : 'FAILED')
    return { ok: balanceRepliesOk && moneyOk && report.ok }
  } finally {
    rss.stop()
    await bare?.fake.close()
    await stack?.dispose()
  }
}

// ---- the two bots ----------------------------------------------------------------------------

/** The whole bot as production builds it (bot/create-bot.ts), as the test harness does, minus call recording. */
async function startWholeStack() {
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
    const side = await people(fake, 'whole stack')
    // Fund the payers through the core's own top-up (an admin's /topup would do the same posting).
    await Promise.all(
      side.users.map(async (user, i) => {
        const wallet = await findUserByTelegramId(t.db, BigInt(user.id))
        if (!wallet) throw new Error(`user ${user.id} has no wallet after /start`)
        await topUp(t.db, config, { idempotencyKey: `bench-fund-${i}`, adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: wallet.id, amountMinor: FUND_MINOR })
      }),
    )
    return {
      side,
      t,
      async payeeBalances(): Promise<bigint> {
        let sum = 0n
        for (const payee of side.payees) {
          const wallet = await findUserByTelegramId(t.db, BigInt(payee.id))
          if (wallet) sum += (await getBalance(t.db, wallet.id, config.currency)).balanceMinor
        }
        return sum
      },
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

/** A bare grammY bot on the same fake and fetch path: fixed replies, no middleware at all. */
async function startBare(): Promise<Side> {
  const fake = new FakeTelegram({ token: TEST_TOKEN, botUsername: 'lingqian_bench_bot', recordCalls: false, keepMessagesPerChat: 20 })
  const bot = new Bot(TEST_TOKEN, { client: { fetch: fake.fetch as never }, botInfo: fake.bot })
  bot.command('start', (ctx) => ctx.reply('Welcome'))
  // The same shape of reply as the real one (HTML), so the fake's own cost of parsing it is
  // paid by both sides and the ratio measures the bot, not the fake.
  bot.command('balance', (ctx) => ctx.reply('💰 Balance: <b>¥0.00</b>', { parse_mode: 'HTML' }))
  // The card needs its button (the user presses it) and must answer the user's message (how
  // the driver finds it); otherwise as fixed as the /balance reply.
  const card = new InlineKeyboard().text(CONFIRM, 'confirm').text('Cancel', 'cancel')
  bot.command('send', (ctx) =>
    ctx.reply('Confirm payment', { reply_markup: card, reply_parameters: { message_id: ctx.msg.message_id } }),
  )
  bot.callbackQuery('confirm', (ctx) => ctx.reply('Paid'))
  await bot.init()
  fake.deliverTo((update) => bot.handleUpdate(update))
  return people(fake, 'bare')
}

/** The same people on either fake (same ids and names), each having started the bot. */
async function people(fake: FakeTelegram, label: string): Promise<Side> {
  const make = (n: number, prefix: string, firstId: number) =>
    Array.from({ length: n }, (_, i) => fake.user({ id: firstId + i, firstName: `${prefix} ${i}`, username: `${prefix}${i}`, languageCode: 'en' }))
  const users = make(USERS, 'payer', 700_000_000)
  const payees = make(PAYEES, 'payee', 800_000_000)
  const everyone = [...users, ...payees]
  await drive(everyone.length, CONCURRENCY, (i) => everyone[i]!.startBot().then(() => undefined))
  return { label, fake, users, payees, balanceReplies: 0 }
}

// ---- the workloads ---------------------------------------------------------------------------

async function balanceOnce(side: Side, i: number): Promise<void> {
  const user = side.users[i % side.users.length]!
  const sent = await user.send(user.privateChat, '/balance')
  const reply = user.privateChat.log.find((m) => m.fromBot && m.id > sent.id)
  if (reply?.plainText?.startsWith('💰 Balance: ¥')) side.balanceReplies++
}

/** Payment j: payer j mod USERS pays payee j mod PAYEES ¥1.50, confirming on the card. */
async function payOnce(side: Side, j: number): Promise<void> {
  const payer = side.users[j % side.users.length]!
  const payee = side.payees[j % side.payees.length]!
  const chat = payer.privateChat
  const command = await payer.send(chat, `/send @${payee.user.username} ${AMOUNT}`)
  const card = replyTo(chat, command)
  if (!card) throw new Error(`${side.label}: no card answered ${JSON.stringify(command.plainText)}`)
  await payer.press(chat, card, CONFIRM)
}

/** The bot's answer to `message`; looked up from the end, since it is among the newest. */
function replyTo(chat: FakeChat, message: ChatMessage): ChatMessage | undefined {
  for (let k = chat.log.length - 1; k >= 0; k--) {
    const candidate = chat.log[k]!
    if (candidate.fromBot && candidate.replyTo === message) return candidate
    if (candidate === message) return undefined
  }
  return undefined
}

/** One timed run: every operation's latency, the wall time and the process's CPU time. */
interface Run {
  latencies: Float64Array
  wallNs: bigint
  cpuUs: number
  perSecond: number
}

/**
 * Runs `count` operations from `concurrency` loops sharing one counter; each operation's
 * latency is from its start to the bot having handled it.
 */
async function drive(count: number, concurrency: number, op: (i: number) => Promise<void>): Promise<Run> {
  const latencies = new Float64Array(count)
  let next = 0
  const loop = async () => {
    for (let i = next++; i < count; i = next++) {
      const started = process.hrtime.bigint()
      await op(i)
      latencies[i] = Number(process.hrtime.bigint() - started)
    }
  }
  const cpu = process.cpuUsage()
  const started = process.hrtime.bigint()
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, loop))
  const wallNs = process.hrtime.bigint() - started
  const { user, system } = process.cpuUsage(cpu)
  return { latencies, wallNs, cpuUs: user + system, perSecond: count / (Number(wallNs) / 1e9) }
}

/**
 * Runs `op` in windows of `window` operations, at least `min` in all, until two windows in a
 * row cost the same CPU per operation (within WARM_TOLERANCE), or MAX_WARM_WINDOWS; says how
 * many it took and the trend.
 */
async function warmUp({ window, min }: { window: number; min: number }, op: (i: number) => Promise<void>): Promise<Warmed> {
  const perOp: number[] = []
  let count = 0
  while (perOp.length < MAX_WARM_WINDOWS) {
    const first = count
    const run = await drive(window, CONCURRENCY, (i) => op(first + i))
    count += window
    perOp.push(run.cpuUs / window)
    const [before, last] = perOp.slice(-2)
    if (count >= min && Math.abs(last! - before!) <= WARM_TOLERANCE * before!) break
  }
  const steady = perOp.length < MAX_WARM_WINDOWS ? 'steady' : 'NOT steady'
  return { count, text: `${count} ops, ${steady}, µs/op ${perOp.map((c) => c.toFixed(0)).join(' → ')}` }
}

interface Warmed {
  count: number
  text: string
}

/**
 * All rounds of one side as one: throughput over the summed wall time, percentiles over all
 * latencies, and CPU time per operation (GC helper threads included, so it may exceed wall).
 */
function pooled(runs: Run[]) {
  const all = new Float64Array(runs.reduce((n, r) => n + r.latencies.length, 0))
  let at = 0
  for (const r of runs) {
    all.set(r.latencies, at)
    at += r.latencies.length
  }
  const cpuUs = runs.reduce((sum, r) => sum + r.cpuUs, 0)
  return { ...stats(all, runs.reduce((sum, r) => sum + r.wallNs, 0n)), cpuPerOpUs: cpuUs / all.length }
}

/** The median of the per-round ratios, with the rounds' own ratios beside it. */
function medianRatio(stack: Run[], bare: Run[]): string {
  const ratios = stack.map((r, i) => r.perSecond / bare[i]!.perSecond)
  const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!
  return ratios.length > 1 ? `${median.toFixed(2)} (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')})` : median.toFixed(2)
}

// ---- checks and formatting -------------------------------------------------------------------

/** The whole stack's answers to /balance in the payers' chats. */
/** Group commits (one fsync each) and the writes sharing them, summed over the phases it times. */
class Commits {
  #batches = 0
  #units = 0
  constructor(private readonly counters: { batches: number; units: number }) {}
  async during<T>(fn: () => Promise<T>): Promise<T> {
    const before = { ...this.counters }
    const result = await fn()
    this.#batches += this.counters.batches - before.batches
    this.#units += this.counters.units - before.units
    return result
  }
  text(): string {
    return `${this.#batches} (${(this.#units / Math.max(1, this.#batches)).toFixed(1)})`
  }
}

const us = (micros: number) => `${micros.toFixed(0)} µs`
/** The fake's part of a CPU figure, from its share of the profiled samples. */
const split = (micros: number, fakeShare: number) => `${us(micros * fakeShare)} (${(100 * fakeShare).toFixed(0)}%)`
const yuan = (minor: bigint) => `¥${(Number(minor) / 100).toFixed(2)}`

/**
 * Monthly statements at scale, on the engine DATABASE_URL names:
 *  1. computing: a month of 100,000 wallets × ~31 entries (a top-up, 15 payments out, about 15
 *     in), statements in batches as the delivery job computes them. Target ≤ 30 s and peak RSS
 *     ≤ 300 MB. Baseline in the same run: one GROUP BY over the same entries (the least any
 *     statement code must read), so the ratio says what the per-person breakdowns cost.
 *  2. the picture: p50/p99 of rendering one statement's PNG, warm.
 *  3. delivery: statements pushed through the real sender and grammY's throttler to a fake
 *     Telegram that refuses (429, retry_after 1) anything above 30 messages a second, at the
 *     default pace and at Telegram's full limit.
 * BENCH_STATEMENT_USERS / BENCH_STATEMENT_ROUNDS / BENCH_DELIVERIES make it smaller or larger.
 * (Two batches at a time were tried on PostgreSQL: no gain, the cost is mapping rows here.)
 */
import pino from 'pino'
import { createBot } from '../../bot/create-bot.js'
import { createI18n } from '../../bot/i18n.js'
import { renderStatementPicture } from '../../bot/statements/chart.js'
import { statementPicture } from '../../bot/statements/statement-view.js'
import { runStatementDeliveries } from '../../bot/jobs.js'
import { computeStatements } from '../../core/statements/statements.js'
import { monthRange } from '../../core/statements/calendar.js'
import type { Statement } from '../../core/statements/summary.js'
import { topUp } from '../../core/wallet/topup.js'
import { FakeTelegram } from '../../bot/telegram-emulator/index.js'
import { TEST_TOKEN } from '../helpers/bot-harness.js'
import { ADMIN_TELEGRAM_ID, openTestWallet, tempDatabase, TestClock, testConfig, TEST_PEPPER, TEST_ENCRYPTION_KEYS } from '../helpers/db.js'
import { seedMonth } from './statements-seed.js'
import { mb, RssSampler, seconds, timed, type BenchResult } from './stats.js'

const USERS = Number(process.env.BENCH_STATEMENT_USERS ?? 100_000)
const ROUNDS = Number(process.env.BENCH_STATEMENT_ROUNDS ?? 15)
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 300)
const BATCH = 500
const MONTH = '2026-10'
const ZONE = 'Asia/Shanghai'
const row = (label: string, value: string) => console.log(`  ${label.padEnd(48)} ${value}`)
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!

export async function runStatementBench(): Promise<BenchResult> {
  const { ok, sample } = await computing()
  await rendering(sample)
  const delivered = (await delivering(20)) && (await delivering(30))
  return { ok: ok && delivered }
}

async function computing(): Promise<{ ok: boolean; sample: Statement[] }> {
  const t = await tempDatabase()
  try {
    console.log(`statements on ${t.db.engine}: ${USERS} wallets, ${ROUNDS} payments each in ${MONTH} (${ZONE}), in batches of ${BATCH}`)
    const entries = await timed('seeding the month', () => seedMonth(t.db, { users: USERS, rounds: ROUNDS, month: MONTH, timeZone: ZONE }))
    const { from, to } = monthRange(MONTH, ZONE)
    const baselineStart = process.hrtime.bigint()
    const baseline = await t.db.read((tx) =>
      tx.all(
        `SELECT w.user_id, CAST(SUM(e.amount_minor) AS BIGINT) AS net, COUNT(*) AS n FROM accounts w JOIN entries e ON e.account_id = w.id
         WHERE w.kind = 'wallet' AND e.created_at >= ? AND e.created_at < ? GROUP BY w.user_id`,
        from,
        to,
      ),
    )
    const baselineNs = process.hrtime.bigint() - baselineStart

    const rss = new RssSampler()
    const batchMs: number[] = []
    let balanced = 0
    let net = 0n
    let sample: Statement[] = []
    const started = process.hrtime.bigint()
    for (let first = 1; first <= USERS; first += BATCH) {
      const ids = Array.from({ length: Math.min(BATCH, USERS - first + 1) }, (_, k) => first + k)
      const t0 = performance.now()
      const statements = await computeStatements(t.db, { month: MONTH, timeZone: ZONE, currency: 'CNY', userIds: ids })
      batchMs.push(performance.now() - t0)
      for (const statement of statements) {
        if (statement.balanced) balanced++
        net += statement.netMinor
      }
      if (first === 1) sample = statements.slice(0, 200)
    }
    const wallNs = process.hrtime.bigint() - started
    rss.stop()
    const sorted = [...batchMs].sort((a, b) => a - b)
    const expectedNet = BigInt(USERS) * 100_000n // every top-up stays among the wallets
    const ok = balanced === USERS && net === expectedNet && baseline.length === USERS
    console.log('\nstatement results')
    row('entries in the month', String(entries))
    row('baseline: one GROUP BY over the month', seconds(baselineNs))
    row(`statements for ${USERS} wallets`, `${seconds(wallNs)}   (target ≤ 30 s)`)
    row('ratio statements / baseline', (Number(wallNs) / Number(baselineNs)).toFixed(1) + '×')
    row('statements per second', (USERS / (Number(wallNs) / 1e9)).toFixed(0))
    row(`batch of ${BATCH}: p50 / p99`, `${sorted.length ? percentile(sorted, 0.5).toFixed(0) : '-'} ms / ${sorted.length ? percentile(sorted, 0.99).toFixed(0) : '-'} ms`)
    row('peak RSS while computing (sampled / maxRSS)', `${mb(rss.max)} / ${mb(process.resourceUsage().maxRSS * 1024)}   (target ≤ 300 MB)`)
    row('balanced (opening + net = closing)', `${balanced} of ${USERS}${net === expectedNet ? ', nets sum to the top-ups' : ', NETS DO NOT ADD UP'}`)
    return { ok, sample }
  } finally {
    await t.dispose()
  }
}

async function rendering(sample: Statement[]): Promise<void> {
  const i18n = createI18n()
  const times: number[] = []
  const first = performance.now()
  for (const [i, statement] of sample.entries()) {
    const locale = i % 2 ? 'zh' : 'en'
    const t0 = performance.now()
    await renderStatementPicture(statementPicture(statement, (key, vars) => i18n.t(locale, key, vars), locale))
    if (i > 0) times.push(performance.now() - t0)
    else row('first picture (font load, cold)', `${(performance.now() - first).toFixed(0)} ms`)
  }
  const sorted = times.sort((a, b) => a - b)
  if (sorted.length) row(`picture render, warm (${sorted.length}): p50 / p99`, `${percentile(sorted, 0.5).toFixed(1)} ms / ${percentile(sorted, 0.99).toFixed(1)} ms`)
}

/**
 * A fake Telegram that allows 30 sendPhoto calls in any one second, and answers the rest as
 * Telegram does (429 with retry_after).
 */
function limitedFetch(fake: FakeTelegram, perSecond: number, refused: { count: number }): typeof fetch {
  const sentAt: number[] = []
  return (async (input: string | URL | Request, init?: RequestInit) => {
    if (String(input).endsWith('/sendPhoto')) {
      const now = performance.now()
      while (sentAt.length && now - sentAt[0]! >= 1000) sentAt.shift()
      if (sentAt.length >= perSecond) {
        refused.count++
        return new Response(JSON.stringify({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }))
      }
      sentAt.push(now)
    }
    return fake.fetch(input, init)
  }) as typeof fetch
}

async function delivering(perSecond: number): Promise<boolean> {
  const fake = new FakeTelegram({ token: TEST_TOKEN, botUsername: 'lingqian_test_bot' })
  const clock = new TestClock(new Date('2026-10-15T04:00:00Z'))
  const t = await tempDatabase({ clock })
  const refused = { count: 0 }
  try {
    for (let i = 0; i < DELIVERIES; i++) {
      const wallet = await openTestWallet(t.db, `push_${perSecond}_${i}`)
      fake.user({ id: Number(wallet.telegramId), firstName: `P${i}`, username: `push_${perSecond}_${i}` }).privateChat.started = true
      await topUp(t.db, testConfig(), { idempotencyKey: `push-${i}`, adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: wallet.id, amountMinor: 1_000n })
    }
    clock.set(new Date('2026-11-01T01:00:00Z'))
    const { services } = createBot({
      token: TEST_TOKEN,
      passwordPepper: TEST_PEPPER,
      encryptionKeys: TEST_ENCRYPTION_KEYS,
      db: t.db,
      wallet: testConfig(),
      log: pino({ level: 'silent' }),
      fetch: limitedFetch(fake, 30, refused),
      botInfo: fake.bot,
      statements: { perSecond },
    })
    const started = process.hrtime.bigint()
    while ((await t.db.prisma.statementDelivery.count({ where: { status: 'sent' } })) < DELIVERIES && process.hrtime.bigint() - started < 120_000_000_000n) {
      await runStatementDeliveries(services)
      clock.advance(2_000) // a 429's retry_after comes due
    }
    const wallNs = process.hrtime.bigint() - started
    const sent = fake.uploads.filter((upload) => upload.method === 'sendPhoto').length
    row(`delivery at ${perSecond}/s against a 30/s Telegram`, `${sent} sent in ${seconds(wallNs)}: ${(sent / (Number(wallNs) / 1e9)).toFixed(1)} msg/s, ${refused.count} refused with 429`)
    return sent === DELIVERIES
  } finally {
    await fake.close()
    await t.dispose()
  }
}


import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { audit, formatAuditReport } from '../../core/audit/auditor.js'
import { openDatabase } from '../../core/db/database.js'
import { FakeTelegram, type FakeUser, type HttpFake } from '../../bot/telegram-emulator/index.js'
import { TEST_TOKEN } from '../helpers/bot-harness.js'
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js'
import { ADMIN_TELEGRAM_ID, ENGINE, tempDatabase, type TempDatabase } from '../helpers/db.js'

const SECRET = 'load-balancer-test-secret'

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * Several stateless instances behind one webhook are PostgreSQL's story (SQLite's file has
 * one process). Two real bot processes in webhook mode on one database; the test plays a
 * load balancer that replays every update to both.
 */
describe.skipIf(ENGINE !== 'postgresql')('two bot instances on one PostgreSQL, every update sent to both', () => {
  let fake: FakeTelegram
  let http: HttpFake
  let t: TempDatabase
  const instances: Array<{ bot: BotProcess; port: number; alive: boolean }> = []

  beforeAll(async () => {
    fake = new FakeTelegram({ token: TEST_TOKEN, botUsername: 'lingqian_test_bot' })
    http = await fake.listen()
    t = await tempDatabase()
    for (let i = 0; i < 2; i++) {
      const port = await freePort()
      const bot = startBotProcess({
        apiRoot: http.apiRoot,
        databaseUrl: t.url,
        env: { WEBHOOK_URL: 'https://wallet.example/telegram', WEBHOOK_SECRET: SECRET, PORT: String(port), OUTBOX_LEASE_SECONDS: '2' },
      })
      await bot.waitForLog(/"msg":"webhook mode"/)
      instances.push({ bot, port, alive: true })
    }
    // The load balancer: each update goes to every live instance, at once.
    fake.deliverTo(async (update) => {
      await Promise.all(
        instances
          .filter((instance) => instance.alive)
          .map((instance) =>
            fetch(`http://127.0.0.1:${instance.port}/`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
              body: JSON.stringify(update),
            }).catch(() => undefined),
          ),
      )
    })
  }, 60_000)
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.bot.kill()))
    await fake.close()
    await t.dispose()
  })

  const texts = (user: FakeUser) => fake.messagesIn(user.privateChat).map((m) => m.plainText ?? '')

  it('handles each update once: one payment, one receipt, one answer for each press', async () => {
    const admin = fake.user({ id: Number(ADMIN_TELEGRAM_ID), firstName: 'Admin', username: 'wallet_admin' })
    const alice = fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    const bob = fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'en' })
    for (const user of [admin, alice, bob]) await user.startBot()
    expect(texts(alice).filter((t) => /Welcome to Lingqian/.test(t))).toHaveLength(1)
    await admin.send(admin.privateChat, '/topup @alice 100')
    await alice.send(alice.privateChat, '/send @bobby 10 lunch')
    const card = fake.lastBotMessage(alice.privateChat)!
    expect(fake.messagesIn(alice.privateChat).filter((m) => /Confirm transfer/.test(m.plainText ?? ''))).toHaveLength(1)

    // A double tap: two presses, and each of them reaches both instances.
    const presses = await Promise.all([alice.press(alice.privateChat, card, '✅ Confirm'), alice.press(alice.privateChat, card, '✅ Confirm')])
    const answers = presses.map((id) => fake.callbackAnswer(id)?.text ?? '').sort()
    expect(answers).toEqual(['Already sent: this transfer happened once.', 'Transfer sent · ¥10.00. Balance: ¥90.00'])
    expect(fake.callsTo('answerCallbackQuery').filter((c) => c.error)).toEqual([]) // nobody answered twice
    await fake.waitFor(() => texts(bob).find((t) => /sent you ¥10\.00/.test(t)))
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(texts(bob).filter((t) => /sent you ¥10\.00/.test(t))).toHaveLength(1)
    expect(texts(alice).filter((t) => /topped up your wallet/.test(t))).toHaveLength(1)
  }, 60_000)

  it('goes on when one instance is SIGKILLed mid-load, and the jobs fail over to the other within a minute', async () => {
    const leaderIndex = await Promise.any(instances.map((instance, i) => instance.bot.waitForLog(/this instance now runs the jobs/, 10_000).then(() => i)))
    const leader = instances[leaderIndex]!
    const survivor = instances[1 - leaderIndex]!
    const crowd = Array.from({ length: 10 }, (_, i) => fake.user({ firstName: `C${i}`, username: `crowd_${i}`, languageCode: 'en' }))
    const carol = crowd[0]!
    // Load from ten people (each under the per-person rate limit) while the leader dies.
    const load = crowd.flatMap((user) => [user.startBot(), user.send(user.privateChat, '/help'), user.send(user.privateChat, '/balance')])
    await new Promise((resolve) => setTimeout(resolve, 20))
    leader.alive = false
    await leader.bot.kill()
    await Promise.all(load)
    for (const user of crowd) {
      await user.send(user.privateChat, '/balance')
      expect(fake.lastBotMessage(user.privateChat)?.plainText).toMatch(/Balance: ¥0\.00/)
    }

    // A message waiting in the outbox is now the survivor's to send, once it leads.
    const db = await openDatabase({ url: t.url, migrate: false })
    try {
      await db.exec(`INSERT INTO outbox (dedupe_key, type, user_id, data, status, attempts, next_attempt_at, created_at)
        SELECT 'failover-test', 'topped_up', id, '{"amountMinor":"1","currency":"CNY","balanceAfterMinor":"1","note":null}', 'pending', 0, now(), now()
        FROM users WHERE telegram_id = ${carol.id}`)
      await survivor.bot.waitForLog(/this instance now runs the jobs/, 60_000)
      await fake.waitFor(() => fake.messagesIn(carol.privateChat).find((m) => /topped up your wallet with ¥0\.01/.test(m.plainText ?? '')), { timeoutMs: 10_000 })
      const report = await audit(db)
      expect(report.ok, formatAuditReport(report)).toBe(true)
    } finally {
      await db.close()
    }
  }, 120_000)
})

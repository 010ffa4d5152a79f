import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { audit, formatAuditReport } from '../../core/audit/auditor.js'
import { createCore } from '../../core/core.js'
import { openDatabase } from '../../core/db/database.js'
import { FakeTelegram, type HttpFake } from '../../bot/telegram-emulator/index.js'
import { TEST_TOKEN } from '../helpers/bot-harness.js'
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js'
import { ADMIN_TELEGRAM_ID, ENGINE, tempDatabase, TEST_ENCRYPTION_KEYS, TEST_PEPPER, testConfig, type TempDatabase } from '../helpers/db.js'
import { notificationReceiver, shopKeys, signedFetch } from '../helpers/shop.js'

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

/**
 * A shop notification across a SIGKILL: the bot process dies while the shop's server holds
 * the notification's request unanswered; the next process delivers it once the dead one's
 * lease is over, and the shop receives it once.
 */
describe(`shop notifications across a SIGKILL (${ENGINE})`, () => {
  let fake: FakeTelegram
  let http: HttpFake
  let t: TempDatabase
  let bot: BotProcess | undefined
  beforeAll(async () => {
    fake = new FakeTelegram({ token: TEST_TOKEN, botUsername: 'lingqian_test_bot' })
    http = await fake.listen()
    t = await tempDatabase()
    await t.db.close() // the bot process owns the database while it runs
  })
  afterAll(async () => {
    await bot?.kill()
    await fake.close()
    await t.dispose()
  })

  /** Bob's merchant and its API key, made before the bot starts, as an operator would (npm run merchant). */
  async function openShop(bobTelegramId: number) {
    const db = await openDatabase({ url: t.url })
    try {
      const core = createCore({ db, wallet: testConfig(), passwordPepper: TEST_PEPPER, encryptionKeys: TEST_ENCRYPTION_KEYS })
      const bob = await core.users.open({ telegramId: BigInt(bobTelegramId), username: 'bobby', firstName: 'Bob' }, true)
      await core.merchants.create({ ownerUserId: bob.id, name: 'Lucky Noodles', category: 'Restaurant' })
      const keys = shopKeys()
      const issued = await core.merchantApi.registerKey({ ownerUserId: bob.id, keyPem: keys.publicKeyPem, by: 'operator' })
      return { mchid: issued.mchid, appid: issued.appid, serial: issued.merchantSerialNo, privateKeyPem: keys.privateKeyPem }
    } finally {
      await db.close()
    }
  }

  it('a notification cut short by a crash is delivered after the restart, once', async () => {
    const port = await freePort()
    const bob = fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'en' })
    const shop = await openShop(bob.id)
    const start = () => startBotProcess({ apiRoot: http.apiRoot, databaseUrl: t.url, env: { OUTBOX_LEASE_SECONDS: '2', MERCHANT_API_PORT: String(port), MERCHANT_NOTIFY_ALLOW_PRIVATE: 'true' } })
    bot = start()
    await bot.waitForLog(/merchant API listening/)
    const admin = fake.user({ id: Number(ADMIN_TELEGRAM_ID), firstName: 'Admin', username: 'wallet_admin' })
    const alice = fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    const lastText = (user: typeof bob) => fake.lastBotMessage(user.privateChat)?.plainText ?? ''
    for (const user of [admin, alice, bob]) {
      await user.startBot()
      await fake.waitFor(() => /Welcome to Lingqian/.test(lastText(user)) || undefined, { timeoutMs: 20_000 })
    }
    await admin.send(admin.privateChat, '/topup @alice 100')
    await fake.waitFor(() => /topped up your wallet/.test(lastText(alice)) || undefined, { timeoutMs: 20_000 })

    let hang = true
    const receiver = await notificationReceiver(() => (hang ? 'hang' : 'ok'))
    try {
      const body = JSON.stringify({ appid: shop.appid, mchid: shop.mchid, description: 'Noodles', out_trade_no: 'CRASH-0001', notify_url: receiver.url, amount: { total: 1_250 } })
      const created = await signedFetch(`http://127.0.0.1:${port}`, { method: 'POST', target: '/v3/pay/transactions/native', body, ...shop })
      expect(created.status).toBe(200)
      const { code_url } = (await created.json()) as { code_url: string }
      await alice.startBot(new URL(code_url).searchParams.get('start')!)
      const card = await fake.waitFor(() => fake.messagesIn(alice.privateChat).find((m) => /Pay Lucky Noodles/.test(m.plainText ?? '')), { timeoutMs: 20_000 })
      await alice.press(alice.privateChat, card!, '✅ Pay')
      // The shop's server has the request and holds it; the process dies before it hears back.
      await fake.waitFor(() => receiver.attempts() > 0 || undefined, { timeoutMs: 20_000 })
      await bot.kill()
      expect(receiver.received).toHaveLength(0)

      hang = false
      bot = start()
      await fake.waitFor(() => receiver.received.length > 0 || undefined, { timeoutMs: 30_000 })
      await new Promise((resolve) => setTimeout(resolve, 3_000)) // another lease and a few rounds
      expect(receiver.received).toHaveLength(1)
      expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ event_type: 'TRANSACTION.SUCCESS' })
      expect(await bot.stop()).toBe(0)
      bot = undefined
    } finally {
      await receiver.close()
    }

    const db = await openDatabase({ url: t.url })
    try {
      const report = await audit(db)
      expect(report.ok, formatAuditReport(report)).toBe(true)
      const rows = await db.read((tx) => tx.all<{ status: string }>('SELECT status FROM merchant_notifications'))
      expect(rows).toEqual([{ status: 'sent' }])
    } finally {
      await db.close()
    }
  }, 120_000)
})

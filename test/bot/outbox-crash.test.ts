import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { audit, formatAuditReport } from '../../core/audit/auditor.js'
import { openDatabase } from '../../core/db/database.js'
import { FakeTelegram, type FakeUser, type HttpFake } from '../../bot/telegram-emulator/index.js'
import { TEST_TOKEN } from '../helpers/bot-harness.js'
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js'
import { ADMIN_TELEGRAM_ID, ENGINE, tempDatabase, type TempDatabase } from '../helpers/db.js'

/**
 * The transactional outbox across a crash: the bot commits a transfer, then dies (SIGKILL)
 * while Telegram still holds the payee's receipt; the next process delivers it, once, and
 * nothing else goes out twice.
 */
describe(`the outbox across a SIGKILL (${ENGINE})`, () => {
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

  const start = () => startBotProcess({ apiRoot: http.apiRoot, databaseUrl: t.url, env: { OUTBOX_LEASE_SECONDS: '2' } })
  const texts = (user: FakeUser) => fake.messagesIn(user.privateChat).map((m) => m.plainText ?? '')
  const waitForText = (user: FakeUser, pattern: RegExp) => fake.waitFor(() => texts(user).find((t) => pattern.test(t)), { timeoutMs: 20_000 })

  it('a receipt whose delivery was cut short by a crash is delivered after the restart, once', async () => {
    bot = start()
    const admin = fake.user({ id: Number(ADMIN_TELEGRAM_ID), firstName: 'Admin', username: 'wallet_admin' })
    const alice = fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    const bob = fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'en' })
    for (const user of [admin, alice, bob]) {
      await user.startBot()
      await waitForText(user, /Welcome to Lingqian/)
    }
    await admin.send(admin.privateChat, '/topup @alice 100')
    await waitForText(alice, /topped up your wallet with ¥100\.00/)
    await alice.send(alice.privateChat, '/send @bobby 12.5 rent')
    await waitForText(alice, /Confirm transfer/)

    // Telegram holds the receipt to Bob: the process dies with the transfer committed and
    // the receipt still in flight.
    fake.injectFault({ method: 'sendMessage', chatId: bob.id, delayMs: 60_000 })
    const card = fake.lastBotMessage(alice.privateChat)!
    await alice.press(alice.privateChat, card, '✅ Confirm')
    await fake.waitFor(() => fake.message(alice.privateChat, card.id)?.plainText?.startsWith('✅ Transfer sent'), { timeoutMs: 20_000 })
    await fake.waitFor(() => fake.calls.some((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === bob.id && /sent you <b>¥12\.50<\/b>/.test(String(c.payload.text))), {
      timeoutMs: 20_000,
    })
    await bot.kill()
    expect(texts(bob).filter((t) => /sent you ¥12\.50/.test(t))).toHaveLength(0)

    bot = start() // its outbox round takes the message once the dead process's lease is over
    const receipt = await waitForText(bob, /Alice \(@alice\) sent you ¥12\.50 · added to your balance\nBalance: ¥12\.50\nNote: rent/)
    expect(receipt).toBeDefined()
    await new Promise((resolve) => setTimeout(resolve, 3_000)) // another lease and a few rounds
    expect(texts(bob).filter((t) => /sent you ¥12\.50/.test(t))).toHaveLength(1)
    expect(texts(alice).filter((t) => /topped up your wallet/.test(t))).toHaveLength(1) // nothing else twice
    expect(await bot.stop()).toBe(0)
    bot = undefined

    const db = await openDatabase({ url: t.url })
    try {
      const report = await audit(db)
      expect(report.ok, formatAuditReport(report)).toBe(true)
      expect(await db.prisma.outboxMessage.count({ where: { status: 'sent' } })).toBe(2)
    } finally {
      await db.close()
    }
  }, 120_000)
})

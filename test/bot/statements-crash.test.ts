import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../core/db/database.js'
import { monthRange } from '../../core/statements/calendar.js'
import { dueMonth } from '../../core/statements/deliveries.js'
import { topUp } from '../../core/wallet/topup.js'
import { openWallet } from '../../core/wallet/users.js'
import { FakeTelegram, type HttpFake } from '../../bot/telegram-emulator/index.js'
import { TEST_TOKEN } from '../helpers/bot-harness.js'
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js'
import { ADMIN_TELEGRAM_ID, ENGINE, tempDatabase, TestClock, testConfig, type TempDatabase } from '../helpers/db.js'

const PEOPLE = 30
const ZONE = 'Asia/Shanghai'

/**
 * Statement delivery across a SIGKILL: the process dies partway through a month's statements;
 * the next one sends the rest, and nobody gets two. (The one statement in flight at the kill,
 * if any, is marked unconfirmed and not sent again: Telegram may already show it.)
 */
describe(`monthly statements across a SIGKILL (${ENGINE})`, () => {
  let fake: FakeTelegram
  let http: HttpFake
  let t: TempDatabase
  let bot: BotProcess | undefined
  const telegramIds: number[] = []

  beforeAll(async () => {
    fake = new FakeTelegram({ token: TEST_TOKEN, botUsername: 'lingqian_test_bot' })
    http = await fake.listen()
    // Last month's activity, whatever month this runs in: what is due now is that month.
    const month = dueMonth(new Date(), ZONE)
    const clock = new TestClock(new Date(monthRange(month, ZONE).from.getTime() + 3_600_000))
    t = await tempDatabase({ clock })
    for (let i = 0; i < PEOPLE; i++) {
      const user = fake.user({ firstName: `P${i}`, username: `person_${i}`, languageCode: i % 2 ? 'zh' : 'en' })
      user.privateChat.started = true
      telegramIds.push(user.id)
      const wallet = await openWallet(t.db, { telegramId: BigInt(user.id), username: user.user.username, firstName: `P${i}` }, 'CNY', true)
      await topUp(t.db, testConfig(), { idempotencyKey: `seed-${i}`, adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: wallet.id, amountMinor: BigInt(100 + i) })
    }
    await t.db.close() // the bot process owns the database while it runs
  }, 60_000)
  afterAll(async () => {
    await bot?.kill()
    await fake.close()
    await t.dispose()
  })

  const start = () => startBotProcess({ apiRoot: http.apiRoot, databaseUrl: t.url, env: { TZ: ZONE, STATEMENTS_PER_SECOND: '5', STATEMENT_LEASE_SECONDS: '2' } })
  const photosPerPerson = () => telegramIds.map((id) => fake.uploads.filter((upload) => upload.method === 'sendPhoto' && upload.chatId === id).length)
  const photosSent = () => photosPerPerson().reduce((a, b) => a + b, 0)

  it('the rest go out after the restart, and nobody gets two', async () => {
    bot = start()
    await fake.waitFor(() => photosSent() >= 8, { timeoutMs: 30_000 })
    await bot.kill()
    const beforeRestart = photosSent()
    expect(beforeRestart).toBeLessThan(PEOPLE)

    bot = start()
    await fake.waitFor(() => photosSent() >= PEOPLE - 1, { timeoutMs: 60_000 })
    await new Promise((resolve) => setTimeout(resolve, 3_000)) // longer than a lease: anything left would go now
    expect(await bot.stop()).toBe(0)
    bot = undefined

    const db = await openDatabase({ url: t.url })
    try {
      const rows = await db.prisma.statementDelivery.findMany()
      const users = await db.prisma.user.findMany({ select: { id: true, telegramId: true } })
      const telegramOf = new Map(users.map((user) => [user.id, Number(user.telegramId)]))
      expect(rows).toHaveLength(PEOPLE)
      // The one in flight at the kill: still "sending" until a later round sweeps it to
      // "unconfirmed" (its renewed lease outlives the restart's first round); never resent.
      const inFlight = rows.filter((row) => row.status === 'unconfirmed' || row.status === 'sending')
      expect(inFlight.length).toBeLessThanOrEqual(1)
      expect(rows.filter((row) => row.status === 'sent')).toHaveLength(PEOPLE - inFlight.length)
      const counts = photosPerPerson()
      expect(Math.max(...counts)).toBe(1) // nobody twice
      for (const row of rows) {
        const photos = counts[telegramIds.indexOf(telegramOf.get(row.userId)!)]!
        if (row.status === 'sent') expect(photos).toBe(1)
      }
    } finally {
      await db.close()
    }
  }, 150_000)
})

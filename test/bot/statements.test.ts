import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runStatementDeliveries } from '../../bot/jobs.js'
import { createBot } from '../../bot/create-bot.js'
import pino from 'pino'
import type { FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, TEST_TOKEN, type BotHarness } from '../helpers/bot-harness.js'
import { TestClock, TEST_PEPPER, TEST_ENCRYPTION_KEYS } from '../helpers/db.js'

const photosTo = (h: BotHarness, user: FakeUser) => h.fake.messagesIn(user.privateChat).filter((message) => message.media?.type === 'photo')

describe('monthly statements pushed on the 1st, through the whole bot', () => {
  let h: BotHarness
  let clock: TestClock
  let alice: FakeUser
  let bob: FakeUser
  let carol: FakeUser
  let dave: FakeUser
  let erin: FakeUser

  beforeEach(async () => {
    clock = new TestClock(new Date('2026-11-10T04:00:00Z'))
    h = await startBotHarness({ clock, overrides: { statements: { perSecond: 1000 } } })
    alice = h.fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    bob = h.fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'en' })
    carol = h.fake.user({ firstName: '小红', username: 'carol_cn', languageCode: 'zh-hans' })
    dave = h.fake.user({ firstName: 'Dave', username: 'dave', languageCode: 'en' })
    erin = h.fake.user({ firstName: 'Erin', username: 'erin', languageCode: 'en' })
    for (const user of [h.admin, alice, bob, carol, dave, erin]) await user.startBot()
    for (const [user, amount] of [[alice, '100'], [carol, '50'], [erin, '10']] as const) {
      await h.admin.send(h.admin.privateChat, `/topup @${user.user.username} ${amount}`)
    }
    await alice.send(alice.privateChat, '/send @bobby 12.5 lunch')
    await alice.press(alice.privateChat, h.fake.lastBotMessage(alice.privateChat)!, '✅ Confirm')
    await erin.send(erin.privateChat, '/statement off')
  })
  afterEach(async () => {
    await h.assertAudit()
    await h.dispose()
  })

  const rows = () => h.t.db.prisma.statementDelivery.findMany({ orderBy: { userId: 'asc' } })

  it('at 09:00 on the 1st everyone with something to report gets one picture, however often the job runs', async () => {
    bob.blockBot()
    clock.set(new Date('2026-12-01T00:59:00Z')) // 08:59 in Shanghai, the wallet's zone
    await runStatementDeliveries(h.services)
    expect(await rows()).toHaveLength(0)

    clock.set(new Date('2026-12-01T01:00:00Z'))
    await Promise.all([runStatementDeliveries(h.services), runStatementDeliveries(h.services)])
    await runStatementDeliveries(h.services)

    const [alicePhoto, ...aliceMore] = photosTo(h, alice)
    expect(aliceMore).toHaveLength(0)
    expect(alicePhoto!.plainText).toMatch(/^📊 Monthly statement · November 2026\nSpending ¥12\.50 \(1 payment\) · Income ¥100\.00 \(1 payment\)\nNet \+¥87\.50 · Balance ¥87\.50/)
    expect(alicePhoto!.plainText).toContain('Biggest payment: ¥12.50 to @bobby')
    const carolPhotos = photosTo(h, carol)
    expect(carolPhotos).toHaveLength(1)
    expect(carolPhotos[0]!.plainText).toMatch(/^📊 月账单 · 2026年11月\n支出¥0\.00（0笔）· 收入¥50\.00（1笔）\n结余\+¥50\.00 · 零钱余额¥50\.00/)
    const upload = h.fake.uploads.find((u) => u.chatId === alice.id && u.method === 'sendPhoto')!
    expect(Buffer.from(upload.bytes!).subarray(1, 4).toString()).toBe('PNG')
    for (const user of [bob, dave, erin, h.admin]) expect(photosTo(h, user)).toHaveLength(0)

    const byUser = new Map((await rows()).map((row) => [row.userId, row.status]))
    const statusOf = async (user: FakeUser) => byUser.get((await h.services.core.users.byTelegramId(BigInt(user.id)))!.id)
    expect(await statusOf(alice)).toBe('sent')
    expect(await statusOf(carol)).toBe('sent')
    expect(await statusOf(bob)).toBe('blocked') // 403: marked, never tried again
    expect(await statusOf(dave)).toBe('empty') // nothing happened, nothing held
    expect(await statusOf(h.admin)).toBe('empty')
    expect(await statusOf(erin)).toBeUndefined() // opted out: no row at all
    expect((await rows()).every((row) => row.month === '2026-11')).toBe(true)

    bob.unblockBot()
    clock.advance(3 * 24 * 3600_000)
    await runStatementDeliveries(h.services)
    expect(photosTo(h, bob)).toHaveLength(0)
  })

  it('a second instance on the same database sends nothing more', async () => {
    clock.set(new Date('2026-12-01T02:00:00Z'))
    const second = createBot({
      token: TEST_TOKEN,
      passwordPepper: TEST_PEPPER,
      encryptionKeys: TEST_ENCRYPTION_KEYS,
      db: h.t.db,
      wallet: h.services.wallet,
      log: pino({ level: 'silent' }),
      fetch: h.fake.fetch,
      botInfo: h.fake.bot,
      throttle: false,
      statements: { perSecond: 1000 },
    })
    await Promise.all([runStatementDeliveries(h.services), runStatementDeliveries(second.services)])
    await runStatementDeliveries(second.services)
    expect(photosTo(h, alice)).toHaveLength(1)
    expect(photosTo(h, carol)).toHaveLength(1)
    expect(photosTo(h, bob)).toHaveLength(1)
  })

  it('a 429 holds the statement and the rest of the batch for retry_after, then they go out', async () => {
    clock.set(new Date('2026-12-01T03:00:00Z'))
    const [first] = [alice, bob, carol].sort((x, y) => x.id - y.id)
    h.fake.injectFault({ method: 'sendPhoto', chatId: first!.id, code: 429, description: 'Too Many Requests: retry after 600', retryAfter: 600 })
    await runStatementDeliveries(h.services)
    expect(h.fake.uploads.filter((u) => u.method === 'sendPhoto')).toHaveLength(0) // the batch stopped at the 429
    const waiting = (await rows()).filter((row) => row.status === 'pending')
    expect(waiting.length).toBeGreaterThanOrEqual(3)
    for (const row of waiting) expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(clock.now().getTime() + 600_000)

    clock.advance(599_000)
    await runStatementDeliveries(h.services)
    expect(h.fake.uploads.filter((u) => u.method === 'sendPhoto')).toHaveLength(0)
    clock.advance(2_000)
    await runStatementDeliveries(h.services)
    for (const user of [alice, bob, carol]) expect(photosTo(h, user)).toHaveLength(1)
  })

  it('a 502 or a lost connection after the photo went out: marked unconfirmed, never sent again; a 400 is retried', async () => {
    clock.set(new Date('2026-12-01T03:00:00Z'))
    h.fake.injectFault({ method: 'sendPhoto', chatId: alice.id, code: 502, description: 'Bad Gateway' })
    h.fake.injectFault({ method: 'sendPhoto', chatId: carol.id, code: 400, description: 'Bad Request: something was off' })
    await runStatementDeliveries(h.services)
    const statusOf = async (user: FakeUser) => {
      const wallet = (await h.services.core.users.byTelegramId(BigInt(user.id)))!
      return (await rows()).find((row) => row.userId === wallet.id)
    }
    expect(await statusOf(alice)).toMatchObject({ status: 'unconfirmed', lastError: expect.stringMatching(/502|Bad Gateway/) })
    expect(await statusOf(carol)).toMatchObject({ status: 'pending', attempts: 1 })
    expect(await statusOf(bob)).toMatchObject({ status: 'sent' })
    clock.advance(3_600_000)
    await runStatementDeliveries(h.services)
    expect(photosTo(h, alice)).toHaveLength(0) // the fake refused it, but the bot could not know: it is not sent again
    expect(photosTo(h, carol)).toHaveLength(1)
  })

  it('/statement shows a month on demand; on and off, bad months and future months are answered', async () => {
    clock.set(new Date('2026-11-20T04:00:00Z'))
    await alice.send(alice.privateChat, '/statement')
    expect(photosTo(h, alice)).toHaveLength(1)
    expect(photosTo(h, alice)[0]!.plainText).toMatch(/Monthly statement · November 2026/)
    await alice.press(alice.privateChat, h.fake.lastBotMessage(alice.privateChat)!, '‹ October 2026')
    expect(h.fake.lastBotMessage(alice.privateChat)!.plainText).toBe('No transactions in October 2026. Balance: ¥0.00')
    await alice.send(alice.privateChat, '/statement 2026-13')
    expect(h.fake.lastBotMessage(alice.privateChat)!.plainText).toMatch(/^\/statement: this month so far/)
    await alice.send(alice.privateChat, '/statement 2027-01')
    expect(h.fake.lastBotMessage(alice.privateChat)!.plainText).toBe('January 2027 has not begun yet.')
    await carol.send(carol.privateChat, '/statement off')
    expect(h.fake.lastBotMessage(carol.privateChat)!.plainText).toMatch(/^已关闭月账单推送/)
    await carol.send(carol.privateChat, '/statement on')
    expect(h.fake.lastBotMessage(carol.privateChat)!.plainText).toMatch(/^已开启月账单：每月1日09:00（Asia\/Shanghai）推送上月账单/)
    clock.set(new Date('2026-12-01T01:00:00Z'))
    await runStatementDeliveries(h.services)
    expect(photosTo(h, carol)).toHaveLength(1)
    expect(photosTo(h, erin)).toHaveLength(0)
  })
})

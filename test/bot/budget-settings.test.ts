import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runOutbox } from '../../bot/jobs.js'
import type { FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { TestClock } from '../helpers/db.js'

describe('/budget alerts and /settings', () => {
  let h: BotHarness
  let clock: TestClock
  let alice: FakeUser
  let bob: FakeUser

  beforeEach(async () => {
    clock = new TestClock(new Date('2026-11-03T04:00:00Z'))
    h = await startBotHarness({ clock })
    alice = h.fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    bob = h.fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'zh' })
    for (const user of [h.admin, alice, bob]) await user.startBot()
    await h.admin.send(h.admin.privateChat, '/topup @alice 1000')
    await h.admin.send(h.admin.privateChat, '/topup @bobby 100')
  })
  afterEach(async () => {
    await h.assertAudit()
    await h.dispose()
  })

  async function pay(from: FakeUser, to: string, amount: string, confirm = '✅ Confirm') {
    await from.send(from.privateChat, `/send @${to} ${amount}`)
    await from.press(from.privateChat, h.fake.lastBotMessage(from.privateChat)!, confirm)
    await runOutbox(h.services) // the budget check runs from the outbox, after the payment
  }
  const alerts = (user: FakeUser) => h.fake.messagesIn(user.privateChat).map((m) => m.plainText ?? '').filter((text) => text.startsWith('⚠️'))

  it('told once past 80% and once past 100% of a month, and again the next month', async () => {
    await alice.send(alice.privateChat, '/budget 100')
    expect(h.fake.lastBotMessage(alice.privateChat)!.plainText).toBe('🎯 Monthly budget: ¥100.00. I will tell you when your spending passes 80% of it, and 100%.')
    await pay(alice, 'bobby', '50')
    expect(alerts(alice)).toEqual([])
    await pay(alice, 'bobby', '35')
    await pay(alice, 'bobby', '5')
    expect(alerts(alice)).toEqual(['⚠️ You have spent ¥85.00 of your ¥100.00 budget for November 2026 (85%).'])
    await pay(alice, 'bobby', '20')
    await pay(alice, 'bobby', '1')
    expect(alerts(alice)).toEqual(['⚠️ You have spent ¥85.00 of your ¥100.00 budget for November 2026 (85%).', '⚠️ Your spending in November 2026 has reached ¥110.00, over your ¥100.00 budget.'])
    await alice.send(alice.privateChat, '/budget')
    expect(h.fake.lastBotMessage(alice.privateChat)!.plainText).toBe('🎯 Budget for November 2026: ¥100.00. Spent ¥111.00 (111%). /budget off removes it.')

    clock.set(new Date('2026-12-02T04:00:00Z'))
    await pay(alice, 'bobby', '90')
    expect(alerts(alice).at(-1)).toBe('⚠️ You have spent ¥90.00 of your ¥100.00 budget for December 2026 (90%).')
    expect(alerts(bob)).toEqual([]) // receiving money is not spending
  })

  it('no budget, no checks; a bad amount is refused; off removes it', async () => {
    await pay(alice, 'bobby', '500')
    expect(await h.t.db.prisma.outboxMessage.count({ where: { type: 'budget_check' } })).toBe(0)
    await alice.send(alice.privateChat, '/budget 12.345')
    expect(h.fake.lastBotMessage(alice.privateChat)!.plainText).toMatch(/decimals/)
    await alice.send(alice.privateChat, '/budget 400')
    expect(alerts(alice)).toEqual(['⚠️ Your spending in November 2026 has reached ¥500.00, over your ¥400.00 budget.']) // already past when set
    await alice.send(alice.privateChat, '/budget off')
    expect(h.fake.lastBotMessage(alice.privateChat)!.plainText).toBe('Budget removed.')
    await alice.send(alice.privateChat, '/budget')
    expect(h.fake.lastBotMessage(alice.privateChat)!.plainText).toBe('No budget set. Spent in November 2026: ¥500.00. /budget 2000 sets a monthly one.')
  })

  it('in Chinese, and a red packet counts as spending', async () => {
    await bob.send(bob.privateChat, '/budget 10')
    const group = h.fake.group({ title: '家人群', members: [alice, bob] })
    await bob.send(group, '/redpacket 9 3')
    const card = h.fake.lastBotMessage(group)!
    await bob.press(group, card, card.buttons().find((button) => button.callback_data?.startsWith('rp:s:'))!.callback_data!)
    await runOutbox(h.services)
    expect(alerts(bob)).toEqual(['⚠️ 2026年11月已支出¥9.00，达到预算¥10.00的90%。'])
  })

  it('/settings: a time zone by button or by name changes how bills show the time', async () => {
    await pay(alice, 'bobby', '1')
    await alice.send(alice.privateChat, '/settings')
    const card = h.fake.lastBotMessage(alice.privateChat)!
    expect(card.plainText).toMatch(/^⚙️ Settings\nLanguage: English \(\/language\)\nTime zone: Asia\/Shanghai, now 2026-11-03 12:00\nMonthly statement: on/)
    await alice.press(alice.privateChat, card, 'London')
    expect(h.fake.message(alice.privateChat, card.id)!.plainText).toMatch(/Time zone: Europe\/London, now 2026-11-03 04:00/)
    await alice.send(alice.privateChat, '/bills')
    expect(h.fake.lastBotMessage(alice.privateChat)!.plainText).toMatch(/1\. 2026-11-03 04:00 · Transfer to · @bobby/)
    await alice.send(alice.privateChat, '/settings tz America/New_York')
    expect(h.fake.lastBotMessage(alice.privateChat)!.plainText).toMatch(/Time zone: America\/New_York, now 2026-11-02 23:00/)
    await alice.send(alice.privateChat, '/settings tz Mars/<b>Base</b>')
    expect(h.fake.lastBotMessage(alice.privateChat)!.plainText).toBe('“Mars/<b>Base</b>” is not a time zone I know. Use a name like Asia/Shanghai or Europe/London.')
    const forged = await alice.pressRaw(alice.privateChat, card.id, 'tz:Not/AZone')
    expect(h.fake.callbackAnswer(forged)).toBeDefined()
    expect((await h.services.core.users.byTelegramId(BigInt(alice.id)))!.timeZone).toBe('America/New_York')
  })
})

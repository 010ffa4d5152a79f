import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { TestClock, testConfig } from '../helpers/db.js'

describe('/security: freeze, the daily limit, and what a refused payment says', () => {
  let h: BotHarness
  let clock: TestClock
  let alice: FakeUser
  let bob: FakeUser

  beforeEach(async () => {
    clock = new TestClock(new Date('2026-11-10T04:00:00Z'))
    h = await startBotHarness({ clock, overrides: { wallet: testConfig({ dailyLimitMinor: 50_000n }) } })
    alice = h.fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    bob = h.fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'zh' })
    for (const user of [h.admin, alice, bob]) await user.startBot()
    await h.admin.send(h.admin.privateChat, '/topup @alice 1000')
  })
  afterEach(async () => {
    await h.assertAudit()
    await h.dispose()
  })

  /** Sends a card and presses Confirm; returns what the press answered. */
  async function pay(from: FakeUser, to: string, amount: string) {
    await from.send(from.privateChat, `/send @${to} ${amount}`)
    const answer = await from.press(from.privateChat, h.fake.lastBotMessage(from.privateChat)!, '✅ Confirm')
    return h.fake.callbackAnswer(answer)?.text ?? ''
  }
  const lastText = (user: FakeUser) => h.fake.lastBotMessage(user.privateChat)!.plainText!

  it('the daily limit: lowered by its owner, refused with what is left today', async () => {
    await alice.send(alice.privateChat, '/security limit 100')
    expect(lastText(alice)).toMatch(/^🛡️ Security center\nAccount: ✅ payments allowed\nPayment password: ⚠️ not set.*\nPhone number: ⚠️ not verified.*\nPassword-free payments: .*\nDaily limit: ¥100\.00 · left today ¥100\.00/)
    expect(await pay(alice, 'bobby', '60')).toMatch(/Transfer sent/)
    expect(await pay(alice, 'bobby', '50')).toBe('That is over your daily limit of ¥100.00: ¥40.00 left today (a new day starts at midnight, Asia/Shanghai). You were not charged.')
    await alice.send(alice.privateChat, '/security limit 1000')
    expect(lastText(alice)).toBe('Your daily limit can be at most ¥500.00. Nothing was changed.')
    await alice.send(alice.privateChat, '/security')
    expect(lastText(alice)).toMatch(/Daily limit: ¥100\.00 · left today ¥40\.00/)
    expect(lastText(alice)).toMatch(/daily limit changed by you/)
  })

  it('Freeze now refuses every payment out, money still comes in; Unfreeze takes the cool-down', async () => {
    await alice.send(alice.privateChat, '/security')
    const center = h.fake.lastBotMessage(alice.privateChat)!
    await alice.press(alice.privateChat, center, '❄️ Freeze account')
    expect(h.fake.message(alice.privateChat, center.id)!.plainText).toMatch(/Account: ❄️ frozen: no money can leave it/)
    expect(await pay(alice, 'bobby', '5')).toMatch(/^Your account is frozen: no money can leave it/)
    await h.admin.send(h.admin.privateChat, '/topup @alice 1')
    expect(lastText(alice)).toMatch(/topped up your wallet with ¥1\.00/)

    await alice.press(alice.privateChat, h.fake.message(alice.privateChat, center.id)!, 'Unfreeze')
    expect(h.fake.message(alice.privateChat, center.id)!.plainText).toMatch(/frozen until 2026-11-11 12:00, then payments resume/)
    expect(await pay(alice, 'bobby', '5')).toMatch(/^Your account is frozen/)
    clock.advance(24 * 3_600_000)
    expect(await pay(alice, 'bobby', '5')).toMatch(/Transfer sent/)
  })

  it('admins freeze and unfreeze anyone, recorded; others may not', async () => {
    await bob.send(bob.privateChat, '/freeze @alice')
    expect(lastText(bob)).toMatch(/^只有零钱管理员可以这样做/)
    await h.admin.send(h.admin.privateChat, '/freeze @alice reported stolen phone')
    expect(h.fake.lastBotMessage(h.admin.privateChat)!.plainText).toBe('❄️ @alice is frozen: no money can leave their wallet.')
    expect(await pay(alice, 'bobby', '5')).toMatch(/^Your account is frozen/)
    await alice.send(alice.privateChat, '/security')
    expect(lastText(alice)).toMatch(/frozen by an admin/)
    await h.admin.send(h.admin.privateChat, '/unfreeze @alice')
    expect(await pay(alice, 'bobby', '5')).toMatch(/Transfer sent/)
    await h.admin.send(h.admin.privateChat, '/freeze @nobody_known')
    expect(h.fake.lastBotMessage(h.admin.privateChat)!.plainText).toMatch(/^I don't know @nobody_known yet/)
  })
})

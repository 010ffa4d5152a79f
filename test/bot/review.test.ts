import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ChatMessage, FakeChat, FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { RISK_OFF, TestClock, testConfig } from '../helpers/db.js'
import { setPassword, typeOn as typeDigits } from '../helpers/keypad.js'

const PIN = '274916'

describe('payments held for review, as payer, payee and admins see them through the bot', () => {
  let h: BotHarness
  let alice: FakeUser
  let bob: FakeUser

  beforeEach(async () => {
    const wallet = testConfig({
      // More than ¥1,000 out within an hour is held for review.
      risk: { ...RISK_OFF, hourlyHoldMinor: 100_000n },
      passwordFree: { paymentMinor: 5_000n, dailyMinor: 20_000n, paymentCapMinor: 50_000n, dailyCapMinor: 100_000n, withoutPasswordDailyMinor: 10_000n },
    })
    h = await startBotHarness({ clock: new TestClock(new Date('2026-11-10T04:00:00Z')), overrides: { wallet } })
    alice = h.fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    bob = h.fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'zh' })
    for (const user of [h.admin, alice, bob]) await user.startBot()
    await h.admin.send(h.admin.privateChat, '/topup @alice 5000')
    await setPassword(h, alice, PIN)
  })
  afterEach(async () => {
    await h.assertAudit()
    await h.dispose()
  })

  const balanceOf = (user: FakeUser) => h.balanceOf(user)
  const last = (chat: FakeChat) => h.fake.lastBotMessage(chat)!
  const current = (chat: FakeChat, message: ChatMessage) => h.fake.message(chat, message.id)!
  const typeOn = (user: FakeUser, keypad: ChatMessage, pin: string) => typeDigits(h, user, keypad, pin)
  /** Alice pays Bob with her password; returns her alert and the card. */
  async function pay(amount: string): Promise<{ answer: string; card: ChatMessage }> {
    await alice.send(alice.privateChat, `/send @bobby ${amount}`)
    const card = last(alice.privateChat)
    await alice.press(alice.privateChat, card, '✅ Confirm')
    return { answer: await typeOn(alice, card, PIN), card }
  }

  it('a held payment waits for an admin; one approved reaches the payee, one rejected comes back once; replayed and foreign presses change nothing', async () => {
    const first = await pay('1200 rent')
    expect(first.answer).toBe(
      '⏳ Under review: ¥1,200.00 waits for a check by Lingqian (a lot of money out within an hour). You will be told the result; if it is not approved, the money comes back to you.',
    )
    expect(current(alice.privateChat, first.card).plainText).toMatch(/^⏳ Under review · ¥1,200\.00 to Bob \(@bobby\)\n.* · the money is paid once Lingqian approves it, or comes back\nNote: rent$/)
    const second = await pay('1500')
    expect(second.answer).toMatch(/^⏳ Under review: ¥1,500\.00/)
    const bobSaw = h.fake.history(bob.privateChat).length
    expect([await balanceOf(alice), await balanceOf(bob)]).toEqual([230_000n, 0n])

    // A user is not an admin: the command and the buttons refuse.
    await alice.send(alice.privateChat, '/review')
    expect(last(alice.privateChat).plainText).toBe('Only Lingqian admins can do that. Nothing changed.')
    await h.admin.send(h.admin.privateChat, '/review')
    const [intro, cardOne, cardTwo] = h.fake.history(h.admin.privateChat).slice(-3)
    expect(intro!.plainText).toBe('2 payment(s) waiting for review; the oldest 2 below.')
    expect(cardOne!.plainText).toMatch(/^🛡 Held payment #1 · .*\nAlice \(@alice\) → Bob \(@bobby\): ¥1,200\.00\nWhy: a lot of money out within an hour\nGoes back to the payer on .* unless decided\.\nNote: rent$/)
    expect(cardOne!.buttons().map((b) => b.text)).toEqual(['✅ Approve', '↩️ Reject'])
    const rejectOne = cardOne!.buttons()[1]!.callback_data!
    const foreign = await bob.pressRaw(bob.privateChat, last(bob.privateChat).id, cardTwo!.buttons()[0]!.callback_data!)
    expect(h.fake.callbackAnswer(foreign)?.text).toBe('只有零钱管理员可以这样做，未做任何更改。')

    const approved = await h.admin.press(h.admin.privateChat, cardOne!, '✅ Approve')
    expect(h.fake.callbackAnswer(approved)?.text).toBe('✅ Approved: paid to the payee.')
    expect(current(h.admin.privateChat, cardOne!).plainText).toMatch(/\n\n✅ Approved: paid to the payee\.$/)
    expect(last(bob.privateChat).plainText).toBe('💰 Alice (@alice) 向你转账¥1,200.00 · 已存入零钱\n零钱余额：¥1,200.00\n备注：rent')
    expect(last(alice.privateChat).plainText).toBe('✅ Your payment of ¥1,200.00 to Bob (@bobby) passed review and has been paid.')

    const rejected = await h.admin.press(h.admin.privateChat, cardTwo!, '↩️ Reject')
    expect(h.fake.callbackAnswer(rejected)?.text).toBe('↩️ Rejected: returned to the payer.')
    expect(last(alice.privateChat).plainText).toBe(
      '↩️ Your payment of ¥1,500.00 to Bob (@bobby) did not pass review. The money is back in your wallet.\nBalance: ¥3,800.00\nNot you? Freeze your account in /security.',
    )
    const again = await h.admin.pressRaw(h.admin.privateChat, cardOne!.id, rejectOne)
    expect(h.fake.callbackAnswer(again)?.text).toBe('Already decided, nothing changed: ✅ Approved: paid to the payee.')
    expect([await balanceOf(alice), await balanceOf(bob)]).toEqual([380_000n, 120_000n])
    expect(h.fake.history(bob.privateChat).length).toBe(bobSaw + 1) // the approved payment's receipt only

    await h.admin.send(h.admin.privateChat, '/review')
    expect(last(h.admin.privateChat).plainText).toBe('No payments are waiting for review.')
    await alice.send(alice.privateChat, '/security')
    const center = last(alice.privateChat).plainText!
    expect(center).toContain('held payment of ¥1,500.00 rejected, money returned')
    expect(center).toContain('payment of ¥1,200.00 held for review')
  })
})

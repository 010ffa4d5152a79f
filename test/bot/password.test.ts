import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runPasswordEntryExpiry } from '../../bot/jobs.js'
import type { ChatMessage, FakeChat, FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { TestClock, testConfig } from '../helpers/db.js'
import { typeOn as typeDigits } from '../helpers/keypad.js'

const PIN = '274916'

describe('the payment password on the keypad, through the whole bot', () => {
  let h: BotHarness
  let clock: TestClock
  let alice: FakeUser
  let bob: FakeUser
  let group: FakeChat

  beforeEach(async () => {
    const wallet = testConfig({
      passwordFree: { paymentMinor: 5_000n, dailyMinor: 20_000n, paymentCapMinor: 50_000n, dailyCapMinor: 100_000n, withoutPasswordDailyMinor: 10_000n },
    })
    clock = new TestClock(new Date('2026-11-10T04:00:00Z'))
    h = await startBotHarness({ clock, overrides: { wallet } })
    alice = h.fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    bob = h.fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'zh' })
    group = h.fake.group({ title: 'Friends', members: [alice, bob, h.admin] })
    for (const user of [h.admin, alice, bob]) await user.startBot()
    await h.admin.send(h.admin.privateChat, '/topup @alice 1000')
  })
  afterEach(async () => {
    await h.assertAudit()
    await h.dispose()
  })

  const balanceOf = (user: FakeUser) => h.balanceOf(user)
  const last = (chat: FakeChat) => h.fake.lastBotMessage(chat)!
  const current = (chat: FakeChat, message: ChatMessage) => h.fake.message(chat, message.id)!
  const typeOn = (user: FakeUser, keypad: ChatMessage, pin: string) => typeDigits(h, user, keypad, pin)
  async function setPassword(user: FakeUser) {
    await user.send(user.privateChat, '/security password')
    const keypad = last(user.privateChat)
    await typeOn(user, keypad, PIN)
    expect(current(user.privateChat, keypad).plainText).toMatch(/Now once more|请再输入一次/)
    await typeOn(user, keypad, PIN)
    return current(user.privateChat, keypad)
  }
  const sendCard = async (chat: FakeChat, text: string) => {
    await alice.send(chat, text)
    return last(chat)
  }

  it('sets a password on the keypad without a digit of it in the chat; pays above the free amount with it, below without', async () => {
    expect((await setPassword(alice)).plainText).toBe('✅ Your payment password is set. Payments above the password-free amount now ask for it.')
    const everything = [...h.fake.history(alice.privateChat)].map((m) => `${m.plainText ?? ''} ${m.buttons().map((b) => b.callback_data ?? '').join(' ')}`)
    expect(everything.some((text) => text.includes(PIN))).toBe(false)

    const small = await sendCard(alice.privateChat, '/send @bobby 50')
    const paidSmall = await alice.press(alice.privateChat, small, '✅ Confirm')
    expect(h.fake.callbackAnswer(paidSmall)?.text).toMatch(/^Transfer sent · ¥50\.00/)

    const large = await sendCard(alice.privateChat, '/send @bobby 120 dinner')
    await alice.press(alice.privateChat, large, '✅ Confirm')
    const keypad = current(alice.privateChat, large) // the card itself became the keypad
    expect(keypad.plainText).toMatch(/^💸 Transfer ¥120\.00 to Bob \(@bobby\)\n\nEnter payment password\n\n○○○○○○$/)
    expect(keypad.buttons().map((b) => b.text).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '⌫', '✕'].sort())
    expect(await balanceOf(bob)).toBe(5_000n)
    await typeOn(alice, keypad, PIN.slice(0, 3))
    expect(current(alice.privateChat, keypad).plainText).toMatch(/●●●○○○$/)
    const answer = await typeOn(alice, keypad, PIN.slice(3))
    expect(answer).toMatch(/^Transfer sent · ¥120\.00/)
    expect(current(alice.privateChat, keypad).plainText).toMatch(/^✅ Transfer sent · ¥120\.00 to Bob \(@bobby\)/)
    expect(await balanceOf(bob)).toBe(17_000n)
    expect(last(bob.privateChat).plainText).toMatch(/向你转账¥120\.00 · 已存入零钱/)
  })

  it('a replayed or someone else’s keypad press moves nothing; five wrong entries lock payments', async () => {
    await setPassword(alice)
    const card = await sendCard(alice.privateChat, '/send @bobby 200')
    await alice.press(alice.privateChat, card, '✅ Confirm')
    const staleData = current(alice.privateChat, card).buttons()[0]!.callback_data! // sequence number 0
    await typeOn(alice, card, '9')
    const replay = await alice.pressRaw(alice.privateChat, card.id, staleData)
    expect(h.fake.callbackAnswer(replay)?.text).toBe("This keypad is no longer in use. Nothing changed: press the payment's button again.")
    const foreign = await bob.pressRaw(bob.privateChat, last(bob.privateChat).id, current(alice.privateChat, card).buttons()[0]!.callback_data!)
    expect(h.fake.callbackAnswer(foreign)?.text).toBe('这个按钮不是你的，只有对方可以点。')
    expect(current(alice.privateChat, card).plainText).toMatch(/●○○○○○$/) // neither press counted

    await alice.press(alice.privateChat, current(alice.privateChat, card), '⌫')
    const answers: string[] = []
    for (let i = 0; i < 5; i++) answers.push(await typeOn(alice, card, '999990'))
    expect(answers.slice(0, 4)).toEqual(['⚠️ Wrong password, 4 tries left', '⚠️ Wrong password, 3 tries left', '⚠️ Wrong password, 2 tries left', '⚠️ Wrong password, 1 try left'])
    expect(current(alice.privateChat, card).plainText).toMatch(/^🔒 Too many wrong passwords: payments are locked until 2026-11-10 15:00/)
    expect(await balanceOf(bob)).toBe(0n)
    const refused = await alice.press(alice.privateChat, await sendCard(alice.privateChat, '/send @bobby 1'), '✅ Confirm')
    expect(h.fake.callbackAnswer(refused)?.text).toMatch(/^🔒 Too many wrong passwords: payments are locked until 2026-11-10 15:00/)
  })

  it('a payment started in a group asks for the password in the payer’s private chat; the group card says so and ends as the receipt', async () => {
    await setPassword(alice)
    const card = await sendCard(group, '/send @bobby 300')
    const pressed = await alice.press(group, card, '✅ Confirm')
    expect(h.fake.callbackAnswer(pressed)?.text).toBe('Enter your payment password in our private chat.')
    expect(current(group, card).plainText).toMatch(/🔐 Waiting for @alice to enter the payment password in the private chat with me\.$/)
    expect(current(group, card).buttons().map((b) => b.text)).toEqual(['🔐 Enter password', '✅ Confirm', 'Cancel'])
    const keypad = last(alice.privateChat)
    expect(keypad.plainText).toMatch(/^💸 Transfer ¥300\.00 to Bob \(@bobby\)\n\nEnter payment password/)
    await typeOn(alice, keypad, PIN)
    expect(current(group, card).plainText).toMatch(/^✅ Transfer sent · ¥300\.00 to Bob \(@bobby\)/)
    expect(await balanceOf(bob)).toBe(30_000n)
    expect(h.fake.messagesIn(group).some((m) => (m.plainText ?? '').includes(PIN))).toBe(false)
  })

  it('a red packet above the free amount is sent once its sender gives the password', async () => {
    await setPassword(alice)
    const draft = await sendCard(group, '/redpacket 100 3 恭喜')
    await alice.press(group, draft, '🧧 Send ¥100.00')
    const keypad = last(alice.privateChat)
    expect(keypad.plainText).toMatch(/^🧧 Red packet · ¥100\.00\n\nEnter payment password/)
    expect(await balanceOf(alice)).toBe(100_000n)
    await typeOn(alice, keypad, PIN)
    expect(await balanceOf(alice)).toBe(90_000n)
    await h.services.redPackets.messages.live.flush()
    expect(current(group, draft).plainText).toMatch(/@alice sent a red packet/)
  })

  it('inline mode cannot ask for a password: a red packet above the free amount is confirmed on its private card first', async () => {
    await setPassword(alice)
    const refused = await alice.inlineQuery('hb 100 3', { chatType: 'group' })
    expect(h.fake.inlineAnswer(refused)).toMatchObject({ results: [], button: { text: expect.stringMatching(/^This needs your payment password/) } })
    const offer = await alice.inlineQuery('120 for lunch', { chatType: 'group' })
    expect(h.fake.inlineAnswer(offer)).toMatchObject({ results: [], button: { text: expect.stringMatching(/^This needs your payment password/) } })

    await alice.send(alice.privateChat, '/redpacket 100 3 hi')
    const draft = last(alice.privateChat)
    expect(draft.buttons().map((b) => b.text)).toContain('🔐 Confirm with password')
    await alice.press(alice.privateChat, draft, '🔐 Confirm with password')
    expect(current(alice.privateChat, draft).plainText).toMatch(/^🧧 Red packet · ¥100\.00\n\nEnter payment password/)
    await typeOn(alice, draft, PIN)
    const ready = current(alice.privateChat, draft)
    expect(ready.plainText).toMatch(/✅ Password given: send it to a chat within 5 minutes\.$/)
    const toChat = ready.findButton('↗ Send to a chat')!
    const queryId = await alice.inlineQuery(toChat.switch_inline_query!, { chatType: 'group' })
    const [result] = h.fake.inlineAnswer(queryId)!.results
    await alice.chooseInlineResult(queryId, result!.id)
    expect(await balanceOf(alice)).toBe(90_000n)
  })

  it('a cancelled keypad gives its card back, and cancelling a group card closes its keypad', async () => {
    await setPassword(alice)
    const card = await sendCard(alice.privateChat, '/send @bobby 200')
    await alice.press(alice.privateChat, card, '✅ Confirm')
    await alice.press(alice.privateChat, current(alice.privateChat, card), '✕')
    expect(current(alice.privateChat, card).plainText).toMatch(/^💸 Confirm transfer\nTo: Bob \(@bobby\)\nAmount: ¥200\.00/)
    expect(current(alice.privateChat, card).buttons().map((b) => b.text)).toEqual(['✅ Confirm', 'Cancel'])

    const groupCard = await sendCard(group, '/send @bobby 300')
    await alice.press(group, groupCard, '✅ Confirm')
    const keypad = last(alice.privateChat)
    await alice.press(group, current(group, groupCard), 'Cancel')
    const late = await alice.press(alice.privateChat, current(alice.privateChat, keypad), PIN[0]!)
    expect(h.fake.callbackAnswer(late)?.text).toMatch(/no longer in use/)
    expect(await balanceOf(bob)).toBe(0n)
  })

  it('a keypad left half-typed loses its digits when it expires', async () => {
    await alice.send(alice.privateChat, '/security password')
    const keypad = last(alice.privateChat)
    await typeOn(alice, keypad, PIN.slice(0, 4))
    const digits = () => h.t.db.read((tx) => tx.all<{ digits: string }>("SELECT digits FROM password_entries WHERE status = 'open'"))
    const [typed] = (await digits()).map((row) => row.digits)
    expect(typed).toMatch(/^4\.[\w-]+\.[\w-]+$/) // how many were typed, and the digits sealed
    expect(typed).not.toContain(PIN.slice(0, 4))
    expect(await runPasswordEntryExpiry(h.services)).toBe(0) // not yet
    clock.advance(5 * 60_000)
    expect(await runPasswordEntryExpiry(h.services)).toBe(1)
    expect(await digits()).toEqual([])
    const late = await alice.press(alice.privateChat, current(alice.privateChat, keypad), PIN[4]!)
    expect(h.fake.callbackAnswer(late)?.text).toMatch(/no longer in use/)
  })

  it('verifies the phone with the person’s own contact only, and resets a forgotten password with it', async () => {
    await setPassword(alice)
    await alice.send(alice.privateChat, '/security')
    const center = last(alice.privateChat)
    expect(center.plainText).toMatch(/Phone number: ⚠️ not verified/)
    expect(center.buttons().map((b) => b.text)).not.toContain('Forgot password')
    await alice.press(alice.privateChat, center, '📱 Verify phone number')
    expect(last(alice.privateChat).plainText).toMatch(/^📱 Press the button below to share your phone number/)
    await alice.sendContact(alice.privateChat, { phoneNumber: '8613812345678', userId: bob.id }) // someone else's card
    expect(last(alice.privateChat).plainText).toMatch(/^Only your own phone number counts/)
    await alice.sendContact(alice.privateChat, { phoneNumber: '8613812345678', userId: alice.id })
    expect(last(alice.privateChat).plainText).toBe('✅ Phone number verified: +86138****5678')

    await alice.send(alice.privateChat, '/security')
    await alice.press(alice.privateChat, last(alice.privateChat), 'Forgot password')
    expect(last(alice.privateChat).plainText).toMatch(/^🔐 To reset your payment password, share your phone number again/)
    await alice.sendContact(alice.privateChat, { phoneNumber: '8613900000000', userId: alice.id })
    expect(last(alice.privateChat).plainText).toBe('That is not your verified phone number. The password was not reset.')
    await alice.sendContact(alice.privateChat, { phoneNumber: '+86 138 1234 5678', userId: alice.id })
    const keypad = last(alice.privateChat)
    expect(keypad.plainText).toMatch(/^🔐 Reset your payment password\n\nChoose a new 6-digit payment password/)
    await typeOn(alice, keypad, '580362')
    await typeOn(alice, keypad, '580362')
    expect(current(alice.privateChat, keypad).plainText).toBe('✅ Your payment password is reset. For your safety, until 2026-11-11 12:00 your daily limit is ¥500.00.')
    await alice.send(alice.privateChat, '/security')
    expect(last(alice.privateChat).plainText).toMatch(/Daily limit: ¥500\.00 \(lowered after a password reset until 2026-11-11 12:00\)/)
  })

  it('without a password a small daily amount goes through, and more asks to set one', async () => {
    const answer = async (text: string) => h.fake.callbackAnswer(await alice.press(alice.privateChat, await sendCard(alice.privateChat, text), '✅ Confirm'))?.text
    expect(await answer('/send @bobby 80')).toMatch(/^Transfer sent · ¥80\.00/)
    expect(await answer('/send @bobby 30')).toBe('Without a payment password you can pay up to ¥100.00 a day (¥20.00 left today). Set one in /security to pay ¥30.00. You were not charged.')
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getBalance } from '../../core/wallet/balance.js'
import { findUserByTelegramId } from '../../core/wallet/users.js'
import type { FakeChat, FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { TestClock, testConfig } from '../helpers/db.js'
import { runClaimExpiry, runOutbox, runRedPacketExpiry } from '../../bot/jobs.js'

/** What a review found when it acted as an attacker and as a careless user. */
describe('hardening', () => {
  let h: BotHarness
  let alice: FakeUser
  let bob: FakeUser
  let group: FakeChat

  beforeEach(async () => {
    h = await startBotHarness()
    alice = h.fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    bob = h.fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'en' })
    group = h.fake.group({ title: 'Lunch club', members: [alice, bob, h.admin] })
    await alice.startBot()
    await bob.startBot()
    await h.admin.startBot()
    await h.admin.send(h.admin.privateChat, '/topup @alice 100')
  })
  afterEach(async () => {
    await h.assertAudit()
    await h.dispose()
  })

  const lastText = (chat: FakeChat) => h.fake.lastBotMessage(chat)?.plainText ?? ''
  const balanceOf = async (user: FakeUser) => {
    const wallet = await findUserByTelegramId(h.t.db, BigInt(user.id))
    return wallet ? (await getBalance(h.t.db, wallet.id, 'CNY')).balanceMinor : 0n
  }
  const cards = () => h.t.db.prisma.paymentCard.count()

  describe('only real people can be paid', () => {
    it.each(['channel-forward', 'anonymous-admin'] as const)('refuses /send as a reply to a %s message, and makes no card', async (kind) => {
      const post = h.fake.postOnBehalfOfChat(group, 'Big news from the channel', kind)
      await alice.send(group, '/send 5', { replyTo: post })
      expect(lastText(group)).toMatch(/Only people can receive a transfer/)
      expect(await cards()).toBe(0)
      expect(await findUserByTelegramId(h.t.db, BigInt(post.from.id))).toBeNull()
    })

    it('refuses /topup and an exclusive red packet for Telegram’s service account', async () => {
      const post = h.fake.postOnBehalfOfChat(group, 'forwarded', 'channel-forward')
      await h.admin.send(group, '/topup 5', { replyTo: post })
      expect(lastText(group)).toMatch(/Only people can receive a transfer/)
      await alice.send(group, '/redpacket 10 2', { replyTo: post })
      const card = h.fake.lastBotMessage(group)!
      expect(card.buttons().map((b) => b.text).join(' ')).not.toMatch(/Only|Telegram/) // no exclusive option for it
      expect(await findUserByTelegramId(h.t.db, 777_000n)).toBeNull()
    })

    it('refuses a bot’s @username without looking it up, and a malformed one without making a card', async () => {
      await alice.send(alice.privateChat, '/send @some_helper_bot 5')
      expect(lastText(alice.privateChat)).toMatch(/Only people can receive a transfer/)
      await alice.send(alice.privateChat, `/send @${'a'.repeat(4000)} 5`)
      expect(lastText(alice.privateChat)).toMatch(/not a Telegram username/)
      await alice.send(alice.privateChat, '/send @no 5')
      expect(lastText(alice.privateChat)).toMatch(/not a Telegram username/)
      expect(await cards()).toBe(0)
      expect(await balanceOf(alice)).toBe(10_000n)
    })
  })

  describe('a button moves exactly what its card showed', () => {
    it('a Send pressed on an older copy of a red-packet card (lucky ¥10) after switching to Normal (¥50) moves nothing', async () => {
      await alice.send(group, '/redpacket 10 5 hi')
      const card = h.fake.lastBotMessage(group)!
      const staleSend = card.findButton('🧧 Send ¥10.00')!.callback_data!
      await alice.press(group, card, '🟰 Identical amount')
      expect(h.fake.message(group, card.id)!.findButton('🧧 Send ¥50.00')).toBeDefined()
      const stale = await alice.pressRaw(group, card.id, staleSend)
      expect(h.fake.callbackAnswer(stale)?.text).toMatch(/card changed/)
      expect(await balanceOf(alice)).toBe(10_000n)
      await alice.press(group, card, '🧧 Send ¥50.00') // what the card shows now is what moves
      expect(await balanceOf(alice)).toBe(5_000n)
    })

    it('an inline result for a draft whose kind changed afterwards moves nothing and says so', async () => {
      await alice.send(alice.privateChat, '/redpacket 3 2 hi')
      const card = h.fake.lastBotMessage(alice.privateChat)!
      const queryId = await alice.inlineQuery(card.findButton('↗ Send to a chat')!.switch_inline_query!, { chatType: 'group' })
      const [result] = h.fake.inlineAnswer(queryId)!.results
      await alice.press(alice.privateChat, card, '🟰 Identical amount') // the draft is now 2 × ¥3.00
      const inlineId = await alice.chooseInlineResult(queryId, result!.id)
      expect(h.fake.inlineMessage(inlineId)?.plainText).toMatch(/card changed/)
      expect(await balanceOf(alice)).toBe(10_000n)
    })
  })

  describe('nobody sees a balance that is not theirs; balances stay out of groups', () => {
    const noBalanceIn = (text: string) => expect(text).not.toMatch(/¥100\.00|¥90\.00|¥80\.00|balance is ¥/i)

    it('Bob pressing Receive on an offer Alice can no longer cover is not shown her balance', async () => {
      const queryId = await alice.inlineQuery('150 for the trip')
      const inlineId = await alice.chooseInlineResult(queryId, h.fake.inlineAnswer(queryId)!.results[0]!.id)
      const press = await bob.pressInline(inlineId, '💰 Accept')
      const answer = h.fake.callbackAnswer(press)?.text ?? ''
      expect(answer).toMatch(/payer's balance can't cover/)
      expect(answer).not.toMatch(/¥100\.00|your balance/i)
      expect(await balanceOf(bob)).toBe(0n)
    })

    it('an inline red packet that can no longer be funded says so in the chat without the balance, and tells the sender privately', async () => {
      const queryId = await alice.inlineQuery('hb 90 3', { chatType: 'group' })
      const [lucky] = h.fake.inlineAnswer(queryId)!.results
      await h.admin.send(h.admin.privateChat, '/topup @bobby 1') // unrelated activity
      await alice.send(alice.privateChat, '/send @bobby 20') // Alice spends before placing the packet
      await alice.press(alice.privateChat, h.fake.lastBotMessage(alice.privateChat)!, '✅ Confirm')
      const inlineId = await alice.chooseInlineResult(queryId, lucky!.id)
      const placed = h.fake.inlineMessage(inlineId)?.plainText ?? ''
      expect(placed).toMatch(/was not sent/)
      noBalanceIn(placed)
      expect(lastText(alice.privateChat)).toMatch(/Your red packet was not sent: Not enough balance: you have ¥80\.00/)
    })

    it.each(['/balance', '/start', '/start claim_AAAAAAAAAAAAAAAA', '/bills'])('%s in a group answers with a pointer to the private chat, no balance', async (command) => {
      await alice.send(group, command)
      const reply = h.fake.lastBotMessage(group)!
      expect(reply.plainText).toMatch(/That is private/)
      noBalanceIn(reply.plainText ?? '')
      const payload = command.split(' ')[1] ?? 'help'
      expect(reply.findButton('Open wallet')?.url).toBe(`https://t.me/lingqian_test_bot?start=${payload}`)
    })

    it('a /send refused for the balance in a group does not print the balance there', async () => {
      const hello = await bob.send(group, 'lunch?')
      await alice.send(group, '/send 500', { replyTo: hello })
      const reply = lastText(group)
      expect(reply).toMatch(/Your balance is too low for this\. You were not charged/)
      noBalanceIn(reply)
      expect(await cards()).toBe(0)
    })
  })

  describe('names cannot impersonate usernames', () => {
    it('a user named "@bobby" without a username gets a card and a receipt unlike the real @bobby’s', async () => {
      const fake = h.fake.user({ firstName: '@bobby', languageCode: 'en' })
      await fake.startBot()
      const real = await bob.send(group, 'real bob here')
      const impostor = await fake.send(group, 'also bob here')
      await alice.send(group, '/send 1', { replyTo: real })
      const realCard = lastText(group)
      await alice.send(group, '/send 1', { replyTo: impostor })
      const fakeCard = lastText(group)
      expect(realCard).toMatch(/To: Bob \(@bobby\)/)
      expect(fakeCard).not.toMatch(/@bobby/)
      expect(fakeCard).toMatch(/To: bobby\n/)
      // Direction overrides and zero-width characters are not shown either.
      const tricky = h.fake.user({ firstName: 'Bob\u202Eyb\u200Bbob@', languageCode: 'en' })
      const trickyHello = await tricky.send(group, 'hi')
      await alice.send(group, '/send 1', { replyTo: trickyHello })
      expect(lastText(group)).toMatch(/To: Bobybbob\n/)
    })
  })

  describe('rough edges', () => {
    it('a long name is cut between graphemes, never inside an HTML entity or an emoji, so the card still goes out', async () => {
      const long = h.fake.user({ firstName: `${'x'.repeat(22)}&&&`, languageCode: 'en' })
      const emoji = h.fake.user({ firstName: `${'y'.repeat(22)}🧧🧧🧧`, languageCode: 'en' })
      for (const sender of [long, emoji]) {
        await sender.startBot()
        await h.admin.send(group, '/topup 5', { replyTo: await sender.send(group, 'top me up') })
        await sender.send(group, '/redpacket 1 2 hi')
        const card = h.fake.lastBotMessage(group)!
        expect(card.plainText).toMatch(/Red packet/)
        await sender.press(group, card, '🧧 Send ¥1.00')
        expect(h.fake.message(group, card.id)!.plainText).toMatch(/(x{22}&…|y{22}🧧…) sent a red packet/)
      }
    })

    it('text escaped for HTML is always sent as HTML: "Tom & Jerry" reads as such', async () => {
      const tom = h.fake.user({ firstName: 'Tom & Jerry', languageCode: 'en' })
      await h.admin.send(group, '/topup 5', { replyTo: await tom.send(group, 'hello') })
      expect(lastText(group)).toBe('✅ Topped up Tom & Jerry with ¥5.00.')
    })

    it('a USD wallet’s red-packet limits are in dollars, and say so', async () => {
      const usd = await startBotHarness({ overrides: { wallet: testConfig({ currency: 'USD' }) } })
      try {
        const sam = usd.fake.user({ firstName: 'Sam', username: 'sam_usd', languageCode: 'en' })
        await sam.startBot()
        await sam.send(sam.privateChat, '/redpacket 300 3')
        expect(usd.fake.lastBotMessage(sam.privateChat)?.plainText).toMatch(/at most \$200\.00 \(this one would be \$300\.00\)/)
        await sam.send(sam.privateChat, '/redpacket')
        expect(usd.fake.lastBotMessage(sam.privateChat)?.plainText).toMatch(/Up to \$200\.00 per packet/)
      } finally {
        await usd.dispose()
      }
    })

    it('double-tapping a page button in /bills answers quietly, with no error', async () => {
      for (let i = 0; i < 11; i++) {
        await alice.send(alice.privateChat, `/send @bobby 1 #${i}`)
        await alice.press(alice.privateChat, h.fake.lastBotMessage(alice.privateChat)!, '✅ Confirm')
      }
      await alice.send(alice.privateChat, '/bills')
      const bills = h.fake.lastBotMessage(alice.privateChat)!
      const older = bills.findButton('Older ›')!.callback_data!
      const taps = [await alice.pressRaw(alice.privateChat, bills.id, older), await alice.pressRaw(alice.privateChat, bills.id, older)]
      for (const tap of taps) expect(h.fake.callbackAnswer(tap)?.text ?? '').not.toMatch(/went wrong/)
      expect(h.fake.message(alice.privateChat, bills.id)!.plainText).toMatch(/page 2/)
    })
  })
})

describe('one failed notice never stops the money jobs', () => {
  it('a 429 with a long retry_after on the first expiry notice: the other sender is told, every refund is made, and the notice goes out later, once', async () => {
    const clock = new TestClock()
    const h = await startBotHarness({ clock })
    try {
      const [alice, bob] = [h.fake.user({ firstName: 'Alice', username: 'alice' }), h.fake.user({ firstName: 'Bob', username: 'bobby' })]
      const group = h.fake.group({ title: 'g', members: [alice, bob, h.admin] })
      for (const user of [alice, bob]) {
        await user.startBot()
        await h.admin.send(h.admin.privateChat, `/topup @${user.user.username} 10`)
        await user.send(user.privateChat, '/send @nobody_yet 2')
        await user.press(user.privateChat, h.fake.lastBotMessage(user.privateChat)!, '✅ Confirm')
      }
      await alice.send(group, '/redpacket 3 2')
      await alice.press(group, h.fake.lastBotMessage(group)!, '🧧 Send ¥3.00')
      clock.advance(25 * 3600 * 1000)
      h.fake.injectFault({ method: 'sendMessage', chatId: alice.id, code: 429, description: 'Too Many Requests: retry after 600', retryAfter: 600, times: 2 })

      await runClaimExpiry(h.services)
      await runRedPacketExpiry(h.services)
      await runOutbox(h.services)
      const balance = async (user: typeof alice) => (await getBalance(h.t.db, (await findUserByTelegramId(h.t.db, BigInt(user.id)))!.id, 'CNY')).balanceMinor
      expect(await balance(alice)).toBe(1000n) // claim and packet both refunded
      expect(await balance(bob)).toBe(1000n)
      expect(h.fake.lastBotMessage(bob.privateChat)?.plainText).toMatch(/Nobody claimed the ¥2\.00/)
      const toldAlice = () => h.fake.messagesIn(alice.privateChat).filter((m) => /Nobody claimed|red packet expired/.test(m.plainText ?? '')).length
      expect(toldAlice()).toBe(0)

      clock.advance(601_000) // Telegram's retry_after has passed
      await runOutbox(h.services)
      await runOutbox(h.services)
      expect(toldAlice()).toBe(2)
    } finally {
      await h.assertAudit()
      await h.dispose()
    }
  })
})

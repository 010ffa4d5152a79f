import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getBalance } from '../../core/wallet/balance.js'
import { findUserByTelegramId } from '../../core/wallet/users.js'
import type { FakeChat, FakeUser } from '../fake-telegram/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'

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
      expect(lastText(group)).toMatch(/Only people can be paid/)
      expect(await cards()).toBe(0)
      expect(await findUserByTelegramId(h.t.db, BigInt(post.from.id))).toBeNull()
    })

    it('refuses /topup and an exclusive red packet for Telegram’s service account', async () => {
      const post = h.fake.postOnBehalfOfChat(group, 'forwarded', 'channel-forward')
      await h.admin.send(group, '/topup 5', { replyTo: post })
      expect(lastText(group)).toMatch(/Only people can be paid/)
      await alice.send(group, '/redpacket 10 2', { replyTo: post })
      const card = h.fake.lastBotMessage(group)!
      expect(card.buttons().map((b) => b.text).join(' ')).not.toMatch(/Only|Telegram/) // no exclusive option for it
      expect(await findUserByTelegramId(h.t.db, 777_000n)).toBeNull()
    })

    it('refuses a bot’s @username without looking it up, and a malformed one without making a card', async () => {
      await alice.send(alice.privateChat, '/send @some_helper_bot 5')
      expect(lastText(alice.privateChat)).toMatch(/Only people can be paid/)
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
      await alice.press(group, card, '🟰 Normal')
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
      await alice.press(alice.privateChat, card, '🟰 Normal') // the draft is now 2 × ¥3.00
      const inlineId = await alice.chooseInlineResult(queryId, result!.id)
      expect(h.fake.inlineMessage(inlineId)?.plainText).toMatch(/card changed/)
      expect(await balanceOf(alice)).toBe(10_000n)
    })
  })
})

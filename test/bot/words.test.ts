import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeChat, FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'

describe('what the bot says is true, and in the reader’s language', () => {
  let h: BotHarness
  let alice: FakeUser
  let bob: FakeUser
  let wei: FakeUser
  let mei: FakeUser

  beforeEach(async () => {
    h = await startBotHarness()
    alice = h.fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    bob = h.fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'en' })
    wei = h.fake.user({ firstName: '伟', username: 'wei_cn', languageCode: 'zh-hans' })
    mei = h.fake.user({ firstName: '美', username: 'mei_cn', languageCode: 'zh-hans' })
    for (const user of [alice, bob, wei, mei, h.admin]) await user.startBot()
    await h.admin.send(h.admin.privateChat, '/topup @alice 100')
    await h.admin.send(h.admin.privateChat, '/topup @wei_cn 100')
  })
  afterEach(async () => {
    await h.assertAudit()
    await h.dispose()
  })
  const lastText = (chat: FakeChat) => h.fake.lastBotMessage(chat)?.plainText ?? ''
  const balanceOf = (user: FakeUser) => h.balanceOf(user)

  describe('no error promises "nothing changed" once money moved', () => {
    it('a failure after the transfer committed says to check the balance before trying again', async () => {
      await alice.send(alice.privateChat, '/send @bobby 12.5')
      const card = h.fake.lastBotMessage(alice.privateChat)!
      // Telegram refuses the first answer to the press (the transfer has already committed).
      h.fake.injectFault({ method: 'answerCallbackQuery', code: 400, description: 'Bad Request: query is too old and response timeout expired' })
      const press = await alice.press(alice.privateChat, card, '✅ Confirm')
      const alert = h.fake.callbackAnswer(press)
      expect(alert?.showAlert).toBe(true)
      expect(alert?.text).toMatch(/went wrong after money moved \(ref [0-9a-f]{6}\)\. Check \/balance or \/bills before you try again/)
      expect(alert?.text).not.toMatch(/not charged|Nothing changed/)
      expect(await balanceOf(bob)).toBe(1250n) // it did move, exactly once
    })

    it('a failure before any money moved says so', async () => {
      h.fake.injectFault({ method: 'sendMessage', chatId: bob.id, code: 400, description: 'Bad Request: something odd' })
      await bob.send(bob.privateChat, '/balance')
      expect(lastText(bob.privateChat)).toMatch(/Something went wrong on our side \(ref [0-9a-f]{6}\)\. You were not charged: please try again\./)
    })
  })

  describe('groups read their own language; people keep theirs', () => {
    it('a group set to English by its admin shows the packet in English to everyone; each grabber’s alert and receipt follow the reader', async () => {
      const group = h.fake.group({ title: '家人群', members: [alice, wei, mei], admins: [bob] })
      await wei.send(group, '/language')
      expect(lastText(group)).toBe('只有群管理员可以设置本群语言。') // not an admin: the group was Chinese until now
      await bob.send(group, '/language')
      await bob.press(group, h.fake.lastBotMessage(group)!, 'English')
      expect(lastText(group)).toMatch(/This group now reads Lingqian in English/)

      await wei.send(group, '/redpacket 6 2 新年快乐')
      const card = h.fake.lastBotMessage(group)!
      expect(card.plainText).toMatch(/^🧧 Red packet · Random amount\nQuantity: 2\nTotal: ¥6\.00/)
      const sent = await wei.press(group, card, '🧧 Send ¥6.00')
      expect(h.fake.callbackAnswer(sent)?.text).toBe('已塞钱进红包：¥6.00') // the sender's own alert, in his language
      const grabs = [await mei.press(group, card.id, '🧧 Open'), await alice.press(group, card.id, '🧧 Open')]
      expect(h.fake.callbackAnswer(grabs[0]!)?.text).toMatch(/^🧧 你抢到了¥\d+\.\d\d，已存入零钱！$/)
      expect(h.fake.callbackAnswer(grabs[1]!)?.text).toMatch(/^🧧 ¥\d+\.\d\d added to your balance!$/)
      await h.services.redPackets.messages.live.flush()
      expect(h.fake.message(group, card.id)!.plainText).toMatch(/@wei_cn's red packet: all 2 taken \(¥6\.00\) in (under a second|\d+ s)/)
    })

    it('an unset group follows the language most of its members use', async () => {
      const group = h.fake.group({ title: 'mixed', members: [alice, wei, mei] })
      for (const user of [wei, mei, alice]) await user.send(group, '/balance')
      // Two of the three members who used the bot read Chinese: so does the group.
      expect(lastText(group)).toBe('这是私密信息，请在与我的私聊中查看。')
      await alice.send(group, '/send 1', { replyTo: await wei.send(group, 'hi') })
      expect(lastText(group)).toMatch(/^💸 确认转账\n转给：伟 \(@wei_cn\)/)
    })

    it('a private receipt follows the reader, whatever language the sender uses', async () => {
      await wei.send(wei.privateChat, '/send @bobby 8')
      await wei.press(wei.privateChat, h.fake.lastBotMessage(wei.privateChat)!, '✅ 确认')
      expect(h.fake.lastBotMessage(wei.privateChat)!.plainText).toMatch(/^✅ 转账成功 · 已转给 Bob \(@bobby\)：¥8\.00/)
      expect(lastText(bob.privateChat)).toMatch(/^💰 伟 \(@wei_cn\) sent you ¥8\.00 · added to your balance/)
    })
  })
})

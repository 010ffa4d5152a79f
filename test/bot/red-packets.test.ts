import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getBalance } from '../../core/wallet/balance.js'
import { findUserByTelegramId } from '../../core/wallet/users.js'
import { runOutbox, runRedPacketExpiry } from '../../bot/jobs.js'
import type { FakeChat, FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { TestClock } from '../helpers/db.js'

const DAY = 24 * 3600 * 1000

describe('red packets through the whole bot', () => {
  let h: BotHarness
  let clock: TestClock
  let alice: FakeUser
  let members: FakeUser[]
  let group: FakeChat

  beforeEach(async () => {
    clock = new TestClock()
    h = await startBotHarness({ clock, overrides: { liveEditIntervalMs: 30 } })
    alice = h.fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    members = Array.from({ length: 6 }, (_, i) => h.fake.user({ firstName: `M${i}`, username: `member_${i}`, languageCode: i % 2 ? 'zh' : 'en' }))
    group = h.fake.group({ title: 'Family', members: [alice, ...members, h.admin] })
    await alice.startBot()
    await h.admin.startBot()
    await h.admin.send(h.admin.privateChat, '/topup @alice 500')
  })
  afterEach(async () => {
    await h.services.redPackets.messages.live.flush()
    await h.assertAudit()
    await h.dispose()
  })

  const balanceOf = async (user: FakeUser) => {
    const wallet = await findUserByTelegramId(h.t.db, BigInt(user.id))
    return wallet ? (await getBalance(h.t.db, wallet.id, 'CNY')).balanceMinor : 0n
  }
  async function sendPacket(text: string, replyTo?: number) {
    await alice.send(group, text, replyTo ? { replyTo } : {})
    const card = h.fake.lastBotMessage(group)!
    return card
  }

  it('a lucky packet: card, send, grabs with amounts at once, a live message ending with 手气最佳', async () => {
    const card = await sendPacket('/redpacket 10 4 恭喜发财')
    expect(card.plainText).toMatch(/Red packet · Random amount\nQuantity: 4\nTotal: ¥10\.00\n“恭喜发财”\nUnclaimed money returns to your balance after 24 h\./)
    expect(await balanceOf(alice)).toBe(50_000n) // nothing moved yet

    const intruder = await members[0]!.press(group, card, '🧧 Send ¥10.00')
    expect(h.fake.callbackAnswer(intruder)?.text).toMatch(/someone else's/)
    const sent = await alice.press(group, card, '🧧 Send ¥10.00')
    expect(h.fake.callbackAnswer(sent)?.text).toMatch(/Sent: ¥10\.00 is in the red packet/)
    expect(await balanceOf(alice)).toBe(49_000n)
    const packet = h.fake.message(group, card.id)!
    expect(packet.plainText).toMatch(/@alice sent a red packet\nRandom amount\n0 of 4 taken · ¥10\.00 left/)

    const answers = []
    for (const member of members.slice(0, 3)) answers.push(h.fake.callbackAnswer(await member.press(group, packet, '🧧 Open'))?.text ?? '')
    expect(answers[0]).toMatch(/^🧧 ¥\d+\.\d\d added to your Lingqian balance! Open @lingqian_test_bot/) // never started the bot
    expect(answers[1]).toMatch(/^🧧 你抢到了¥\d+\.\d\d，已存入零钱！/)
    const again = await members[0]!.press(group, packet, '🧧 Open')
    expect(h.fake.callbackAnswer(again)?.text).toMatch(/You already got ¥\d+\.\d\d from this red packet/)
    const own = await alice.press(group, packet, '🧧 Open') // the sender may grab their own lucky packet in a group
    expect(h.fake.callbackAnswer(own)?.text).toMatch(/added to your balance/)
    const late = await members[4]!.press(group, packet, '🧧 Open')
    expect(h.fake.callbackAnswer(late)).toMatchObject({ text: 'Too late: all taken.', showAlert: true })

    await h.services.redPackets.messages.live.flush()
    const final = h.fake.message(group, card.id)!
    expect(final.plainText).toMatch(/@alice's red packet: all 4 taken \(¥10\.00\) in (under a second|\d+ s)/)
    expect(final.plainText).toMatch(/👑 Best luck/)
    expect(final.buttons()).toHaveLength(0)
    const got = await Promise.all([...members.slice(0, 3), alice].map(balanceOf))
    expect(got.reduce((a, b) => a + b, 0n) - 49_000n).toBe(1_000n)
  })

  it('an exclusive packet opens only for its member; a normal one is the product', async () => {
    const target = members[1]!
    await target.send(group, '/balance') // the bot has met them: their @username resolves
    const card = await sendPacket(`/redpacket @${target.user.username} 8.88 生日快乐`)
    expect(card.plainText).toMatch(/Exclusive for @member_1\nQuantity: 1\nTotal: ¥8\.88/)
    await alice.press(group, card, '🧧 Send ¥8.88')
    const refused = await members[2]!.press(group, card.id, '🧧 Open')
    expect(h.fake.callbackAnswer(refused)?.text).toMatch(/for someone else/)
    await target.press(group, card.id, '🧧 Open')
    expect(await balanceOf(target)).toBe(888n)

    // As a reply, the card offers the replied-to member as the exclusive target.
    const hello = await members[2]!.send(group, '/balance')
    const replyCard = await sendPacket('/redpacket 1.5 3', hello.id)
    await alice.press(group, replyCard, '🎯 Only @member_2')
    expect(h.fake.message(group, replyCard.id)?.plainText).toMatch(/Exclusive for @member_2\nQuantity: 1\nTotal: ¥1\.50/)
    await alice.press(group, replyCard.id, 'Cancel')
    expect(h.fake.message(group, replyCard.id)?.plainText).toMatch(/cancelled/)

    const normalCard = await sendPacket('/redpacket 2 3')
    await alice.press(group, normalCard, '🟰 Identical amount')
    expect(h.fake.message(group, normalCard.id)?.plainText).toMatch(/Identical amount \(¥2\.00 each\)\nQuantity: 3\nTotal: ¥6\.00/)
    await alice.press(group, normalCard.id, '🧧 Send ¥6.00')
    for (const m of members.slice(3, 6)) await m.press(group, normalCard.id, '🧧 Open')
    expect(await Promise.all(members.slice(3, 6).map(balanceOf))).toEqual([200n, 200n, 200n])
  })

  it('refuses forged and replayed buttons, bad sizes and long greetings, changing nothing', async () => {
    const card = await sendPacket('/redpacket 5 2')
    await alice.press(group, card, '🧧 Send ¥5.00')
    const data = h.fake.message(group, card.id)!.findButton('🧧 Open')!.callback_data!
    const token = data.split(':')[2]!
    const forged = await members[0]!.pressRaw(group, card.id, `rp:g:${token.slice(0, 15)}${token.endsWith('x') ? 'y' : 'x'}`)
    expect(h.fake.callbackAnswer(forged)?.text).toMatch(/does not exist/)
    const replayedSend = await alice.pressRaw(group, card.id, `rp:s:${token}:1`)
    expect(h.fake.callbackAnswer(replayedSend)?.text).toMatch(/Sent: /) // the first send stands; nothing moves twice
    expect(await balanceOf(alice)).toBe(49_500n)

    const before = await h.t.db.prisma.redPacket.count()
    for (const [text, message] of [
      ['/redpacket 201 10', /at most ¥200\.00 \(this one would be ¥201\.00\)/],
      ['/redpacket 10 101', /at most 100 packets/],
      ['/redpacket 0.05 10', /at least ¥0\.01/],
      [`/redpacket 1 1 ${'福'.repeat(41)}`, /greeting is too long: at most 40/],
      ['/redpacket 10', /To send a red packet/],
      ['/redpacket ten 3', /not an amount I understand/],
    ] as const) {
      await alice.send(group, text)
      expect(h.fake.lastBotMessage(group)?.plainText, text).toMatch(message)
    }
    expect(await h.t.db.prisma.redPacket.count()).toBe(before)
  })

  it('after 24 hours the rest returns to the sender exactly once; the message and the sender say so', async () => {
    const card = await sendPacket('/redpacket 10 5 新年好')
    await alice.press(group, card, '🧧 Send ¥10.00')
    await members[0]!.press(group, card.id, '🧧 Open')
    const grabbed = await balanceOf(members[0]!)
    clock.advance(DAY)
    const late = await members[1]!.press(group, card.id, '🧧 Open')
    expect(h.fake.callbackAnswer(late)?.text).toMatch(/红包已过期/)
    const runs = await Promise.all([runRedPacketExpiry(h.services), runRedPacketExpiry(h.services)])
    expect(runs.sort()).toEqual([0, 1])
    await h.services.redPackets.messages.live.flush()
    await runOutbox(h.services)
    const refund = 1_000n - grabbed
    expect(await balanceOf(alice)).toBe(49_000n + refund)
    expect(h.fake.message(group, card.id)?.plainText).toMatch(/expired: 1 of 5 taken, ¥\d+\.\d\d returned to @alice/)
    expect(h.fake.lastBotMessage(alice.privateChat)?.plainText).toMatch(/Your red packet expired: 1 of 5 taken/)
    await alice.send(alice.privateChat, '/bills')
    const bills = h.fake.lastBotMessage(alice.privateChat)!.plainText!
    expect(bills).toMatch(/Red packet refund · red packet · \+¥/)
    expect(bills).toMatch(/Red packet sent · red packet · -¥10\.00/)
  })

  it('inline mode: hb 6 3 in any chat, placed by the sender, grabbed by others', async () => {
    const queryId = await alice.inlineQuery('hb 6 3 红包来了', { chatType: 'supergroup' })
    const results = h.fake.inlineAnswer(queryId)!.results
    expect(results.map((r) => (r as { title: string }).title)).toEqual(['🧧 Red packet: ¥6.00, 3 packets', '🧧 Red packet: ¥18.00, 3 packets'])
    const inlineId = await alice.chooseInlineResult(queryId, results[0]!.id)
    expect(await balanceOf(alice)).toBe(49_400n) // funded when placed
    for (const m of members.slice(0, 3)) await m.pressInline(inlineId, '🧧 Open')
    await h.services.redPackets.messages.live.flush()
    expect(h.fake.inlineMessage(inlineId)?.plainText).toMatch(/all 3 taken \(¥6\.00\)/)
    expect((await Promise.all(members.slice(0, 3).map(balanceOf))).reduce((a, b) => a + b, 0n)).toBe(600n)
  })

  it('in private chat the card offers "Send to a chat", which places it through inline mode', async () => {
    await alice.send(alice.privateChat, '/redpacket 3 2 hi')
    const card = h.fake.lastBotMessage(alice.privateChat)!
    const toChat = card.findButton('↗ Send to a chat')!
    expect(toChat.switch_inline_query).toMatch(/^hb #[\w-]{16}$/)
    const queryId = await alice.inlineQuery(toChat.switch_inline_query!, { chatType: 'group' })
    const [result] = h.fake.inlineAnswer(queryId)!.results
    const inlineId = await alice.chooseInlineResult(queryId, result!.id)
    expect(await balanceOf(alice)).toBe(49_700n)
    await members[0]!.pressInline(inlineId, '🧧 Open')
    expect(await balanceOf(members[0]!)).toBeGreaterThan(0n)
    const stranger = await members[1]!.inlineQuery(toChat.switch_inline_query!)
    expect(h.fake.inlineAnswer(stranger)?.results).toEqual([]) // somebody else's draft is not theirs to place
  })

  it('a grab storm: 60 members at once on 50 shares, edits coalesced under Telegram’s per-chat limit', async () => {
    h.fake.setFloodLimit({ perChatPerMinute: 20 })
    const crowd = Array.from({ length: 60 }, (_, i) => h.fake.user({ firstName: `G${i}`, username: `grabber_${i}` }))
    const storm = h.fake.group({ title: 'Storm', members: [alice, ...crowd] })
    await alice.send(storm, '/redpacket 100 50 抢！')
    const card = h.fake.lastBotMessage(storm)!
    await alice.press(storm, card, '🧧 Send ¥100.00')
    const editsBefore = h.fake.callsTo('editMessageText').length
    const started = Date.now()
    const answers = await Promise.all(crowd.map((m) => m.press(storm, card.id, '🧧 Open')))
    const stormMs = Date.now() - started
    const texts = answers.map((id) => h.fake.callbackAnswer(id)?.text ?? '')
    expect(texts.filter((t) => /added to your/.test(t))).toHaveLength(50)
    expect(texts.filter((t) => /Too late: all taken/.test(t))).toHaveLength(10)
    await h.services.redPackets.messages.live.flush()
    const edits = h.fake.callsTo('editMessageText').slice(editsBefore)
    // One edit per 30 ms interval at most (this harness's setting), however many grabs: not 50.
    expect(edits.length).toBeLessThanOrEqual(Math.ceil(stormMs / 30) + 2)
    expect(edits.length).toBeLessThan(50)
    expect(edits.filter((call) => call.error?.code === 429)).toEqual([])
    expect(h.fake.message(storm, card.id)?.plainText).toMatch(/all 50 taken \(¥100\.00\)/)
  })
})

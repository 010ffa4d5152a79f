import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CLAIM_TTL_MS } from '../../core/p2p/claims.js'
import { getBalance } from '../../core/wallet/balance.js'
import { findUserByTelegramId } from '../../core/wallet/users.js'
import { runClaimExpiry, runOutbox } from '../../bot/jobs.js'
import type { FakeChat, FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { TestClock } from '../helpers/db.js'

describe('the wallet through the whole bot, against the fake Bot API', () => {
  let h: BotHarness
  let clock: TestClock
  let alice: FakeUser
  let bob: FakeUser
  let carol: FakeUser
  let group: FakeChat

  beforeEach(async () => {
    clock = new TestClock()
    h = await startBotHarness({ clock })
    alice = h.fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    bob = h.fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'en' })
    carol = h.fake.user({ firstName: '小红', username: 'carol_cn', languageCode: 'zh-hans' })
    group = h.fake.group({ title: 'Lunch club', members: [alice, bob, carol, h.admin] })
  })
  afterEach(async () => {
    await h.assertAudit() // after every test: the ledger's invariants hold
    await h.dispose()
  })

  const balanceOf = async (user: FakeUser) => {
    const wallet = await findUserByTelegramId(h.t.db, BigInt(user.id))
    return wallet ? (await getBalance(h.t.db, wallet.id, 'CNY')).balanceMinor : 0n
  }
  const lastText = (chat: FakeChat) => h.fake.lastBotMessage(chat)?.plainText ?? ''
  const entryCount = () => h.t.db.prisma.entry.count()
  async function fund(user: FakeUser, amount: string) {
    await h.admin.startBot()
    await h.admin.send(h.admin.privateChat, `/topup @${user.user.username} ${amount} welcome`)
  }
  async function sendCard(from: FakeUser, chat: FakeChat, text: string, replyTo?: number) {
    await from.send(chat, text, replyTo ? { replyTo } : {})
    return h.fake.lastBotMessage(chat)!
  }

  it('/start opens the wallet in English and in Chinese', async () => {
    await alice.startBot()
    expect(lastText(alice.privateChat)).toMatch(/Welcome to Lingqian, Alice!\nYour wallet is ready\. Balance: ¥0\.00/)
    await carol.startBot()
    expect(lastText(carol.privateChat)).toMatch(/欢迎使用零钱，小红！\n钱包已开通，零钱余额：¥0\.00/)
    await carol.send(carol.privateChat, '/help')
    expect(lastText(carol.privateChat)).toMatch(/转账为什么失败/)
    expect(lastText(carol.privateChat)).not.toMatch(/\u2068|\u2069/) // no Fluent isolation marks
  })

  it('an admin tops up; the user is told; anyone else is refused politely', async () => {
    await alice.startBot()
    await fund(alice, '100')
    expect(lastText(h.admin.privateChat)).toMatch(/Topped up Alice \(@alice\) with ¥100\.00\.$/)
    expect(lastText(alice.privateChat)).toMatch(/An admin topped up your wallet with ¥100\.00\.\nBalance: ¥100\.00\nNote: welcome/)
    const before = await entryCount()
    await bob.startBot()
    await bob.send(bob.privateChat, '/topup @bobby 1000')
    expect(lastText(bob.privateChat)).toMatch(/Only Lingqian admins can do that/)
    expect(await entryCount()).toBe(before)
    const posting = await h.t.db.prisma.posting.findFirst({ where: { kind: 'topup' } })
    expect(posting).toMatchObject({ actorTelegramId: BigInt(h.admin.id), memo: 'welcome' })
  })

  it('A pays B by @username in private: card, confirm, receipts for both; a second Confirm pays once', async () => {
    await alice.startBot()
    await bob.startBot()
    await fund(alice, '100')
    const card = await sendCard(alice, alice.privateChat, '/send @bobby 12.5 lunch 🍜')
    expect(card.plainText).toMatch(/Confirm transfer\nTo: Bob \(@bobby\)\nAmount: ¥12\.50\nOnly @alice can confirm/)
    expect(card.plainText).toMatch(/Note: lunch 🍜/)
    // A double tap: both presses leave the phone before the card turns into a receipt.
    const [first, second] = await Promise.all([alice.press(alice.privateChat, card, '✅ Confirm'), alice.press(alice.privateChat, card, '✅ Confirm')])
    expect(h.fake.callbackAnswer(first)?.text).toMatch(/Transfer sent · ¥12\.50\. Balance: ¥87\.50/)
    expect(h.fake.callbackAnswer(second)?.text).toMatch(/Already sent/)
    expect(h.fake.message(alice.privateChat, card.id)?.plainText).toMatch(/Transfer sent · ¥12\.50 to Bob \(@bobby\)/)
    expect(lastText(bob.privateChat)).toMatch(/Alice \(@alice\) sent you ¥12\.50 · added to your balance\nBalance: ¥12\.50\nNote: lunch 🍜/)
    expect(await balanceOf(alice)).toBe(8750n)
    expect(await balanceOf(bob)).toBe(1250n)
  })

  it('A pays B by replying in a group; B presses A’s button and is refused; altered data is refused', async () => {
    await alice.startBot()
    await fund(alice, '50')
    const bobsMessage = await bob.send(group, 'who is paying for lunch?')
    const card = await sendCard(alice, group, '/send@lingqian_test_bot 20 noodles', bobsMessage.id)
    expect(card.plainText).toMatch(/To: Bob \(@bobby\)\nAmount: ¥20\.00/)

    const stolen = await bob.press(group, card, '✅ Confirm')
    expect(h.fake.callbackAnswer(stolen)).toMatchObject({ text: 'This button is someone else\'s: only they can press it.', showAlert: true })
    const token = card.findButton('✅ Confirm')!.callback_data!.split(':')[2]!
    const altered = `pay:ok:${token.slice(0, 15)}${token.endsWith('A') ? 'B' : 'A'}`
    const forged = await alice.pressRaw(group, card.id, altered)
    expect(h.fake.callbackAnswer(forged)?.text).toMatch(/no longer valid\. Nothing changed/)
    const garbage = await alice.pressRaw(group, card.id, 'pay:ok:../../etc')
    expect(h.fake.callbackAnswer(garbage)?.text).toMatch(/no longer valid/)
    expect(await balanceOf(alice)).toBe(5000n)

    await alice.press(group, card, '✅ Confirm')
    expect(h.fake.message(group, card.id)?.plainText).toMatch(/Transfer sent · ¥20\.00 to Bob \(@bobby\)/)
    expect(await balanceOf(bob)).toBe(2000n)
    // Bob never started the bot: his wallet opened anyway, and he is not messaged.
    expect(h.fake.messagesIn(bob.privateChat)).toHaveLength(0)
  })

  it('refuses 15 malformed amounts, each with the right message, and changes nothing', async () => {
    await alice.startBot()
    await bob.startBot()
    await fund(alice, '10')
    const before = await entryCount()
    const cases: Array<[string, RegExp]> = [
      ['0', /more than zero/],
      ['-5', /more than zero/],
      ['0.00', /more than zero/],
      ['1e3', /not an amount I understand/],
      ['12.345', /at most 2/],
      ['0.001', /at most 2/],
      ['NaN', /not an amount I understand/],
      ['abc', /not an amount I understand/],
      ['12.5.1', /not an amount I understand/],
      ['1,23', /not an amount I understand/],
      ['0x10', /not an amount I understand/],
      ['$5', /in CNY, not USD/],
      ['€5', /in CNY, not EUR/],
      ['50000.01', /above the per-payment limit of ¥50,000\.00/],
      ['9'.repeat(45), /not an amount I understand/],
    ]
    for (const [amount, message] of cases) {
      await alice.send(alice.privateChat, `/send @bobby ${amount}`)
      expect(lastText(alice.privateChat), amount).toMatch(message)
    }
    await alice.send(alice.privateChat, '/send @bobby')
    expect(lastText(alice.privateChat)).toMatch(/To transfer:/)
    await alice.send(alice.privateChat, `/send @bobby 1 ${'x'.repeat(101)}`)
    expect(lastText(alice.privateChat)).toMatch(/note is too long: at most 100/)
    await alice.send(alice.privateChat, '/send @alice 1')
    expect(lastText(alice.privateChat)).toMatch(/can't transfer to yourself/)
    expect(await entryCount()).toBe(before)
    expect(await h.t.db.prisma.paymentCard.count()).toBe(0)
  })

  it('refuses more than the balance, saying both figures', async () => {
    await alice.startBot()
    await bob.startBot()
    await fund(alice, '5')
    await alice.send(alice.privateChat, '/send @bobby 6')
    expect(lastText(alice.privateChat)).toMatch(/Not enough balance: you have ¥5\.00, this needs ¥6\.00\. You were not charged\./)
  })

  it('a claim link for someone unknown is claimed by C; a second opener is told it is taken', async () => {
    await alice.startBot()
    await fund(alice, '30')
    const card = await sendCard(alice, alice.privateChat, '/send @newcomer 8.8 welcome gift')
    expect(card.plainText).toMatch(/not on Lingqian yet/)
    await alice.press(alice.privateChat, card, '✅ Confirm')
    const claimCard = h.fake.message(alice.privateChat, card.id)!
    const link = /https:\/\/t\.me\/lingqian_test_bot\?start=(claim_[\w-]{16})/.exec(claimCard.plainText ?? '')
    expect(link).not.toBeNull()
    expect(await balanceOf(alice)).toBe(2120n)

    await carol.startBot(link![1])
    expect(lastText(carol.privateChat)).toMatch(/Alice \(@alice\) 向你转账¥8\.80 · 已存入零钱/)
    expect(lastText(alice.privateChat)).toMatch(/@carol_cn accepted the ¥8\.80 you sent/)
    await bob.startBot(link![1])
    expect(lastText(bob.privateChat)).toMatch(/Someone else already accepted this money/)
    await bob.startBot('claim_AAAAAAAAAAAAAAAA')
    expect(lastText(bob.privateChat)).toMatch(/This link is not valid/)
    expect(await balanceOf(carol)).toBe(880n)
    expect(await balanceOf(bob)).toBe(0n)
  })

  it('an unclaimed link returns to the sender after 24 hours exactly once, even if the job runs twice', async () => {
    await alice.startBot()
    await fund(alice, '30')
    const card = await sendCard(alice, alice.privateChat, '/send @ghost 10')
    await alice.press(alice.privateChat, card, '✅ Confirm')
    const link = /start=(claim_[\w-]{16})/.exec(h.fake.message(alice.privateChat, card.id)?.plainText ?? '')![1]!
    expect(await balanceOf(alice)).toBe(2000n)

    clock.advance(CLAIM_TTL_MS + 1000)
    const runs = await Promise.all([runClaimExpiry(h.services), runClaimExpiry(h.services)])
    expect(runs.sort()).toEqual([0, 1])
    expect(await runClaimExpiry(h.services)).toBe(0)
    await Promise.all([runOutbox(h.services), runOutbox(h.services)]) // two dispatchers: still one notice
    expect(await balanceOf(alice)).toBe(3000n)
    const notices = h.fake.messagesIn(alice.privateChat).filter((m) => /Nobody claimed the ¥10\.00/.test(m.plainText ?? ''))
    expect(notices).toHaveLength(1)
    await bob.startBot(link)
    expect(lastText(bob.privateChat)).toMatch(/This link expired/)
  })

  it('inline mode: A offers ¥12.50 in any chat, B receives it, C is too late', async () => {
    await alice.startBot()
    await bob.startBot()
    await fund(alice, '20')
    const queryId = await alice.inlineQuery('12.5 thanks for dinner')
    const answer = h.fake.inlineAnswer(queryId)!
    expect(answer.results).toHaveLength(1)
    expect(answer.results[0]).toMatchObject({ title: 'Transfer ¥12.50' })
    const inlineMessageId = await alice.chooseInlineResult(queryId, answer.results[0]!.id)
    expect(h.fake.inlineMessage(inlineMessageId)?.plainText).toMatch(/@alice is sending ¥12\.50/)
    expect(await balanceOf(alice)).toBe(2000n) // nothing moves before someone receives

    const own = await alice.pressInline(inlineMessageId, '💰 Accept')
    expect(h.fake.callbackAnswer(own)?.text).toMatch(/your own transfer/)
    // Bob and Carol press at the same moment; the ledger decides who was first (on
    // PostgreSQL, either may be), and the other is told in their own language.
    const [bobPress, carolPress] = await Promise.all([bob.pressInline(inlineMessageId, '💰 Accept'), carol.pressInline(inlineMessageId, '💰 Accept')])
    const bobWon = (await balanceOf(bob)) === 1250n
    const winner = bobWon ? { user: bob, label: '@bobby', added: /¥12\.50 added to your balance/ } : { user: carol, label: '@carol_cn', added: /¥12\.50已存入零钱/ }
    expect(h.fake.callbackAnswer(bobWon ? bobPress : carolPress)?.text).toMatch(winner.added)
    expect(h.fake.callbackAnswer(bobWon ? carolPress : bobPress)?.text).toMatch(bobWon ? /已经有人先收下/ : /Someone else accepted this transfer first/)
    expect(h.fake.inlineMessage(inlineMessageId)?.plainText).toMatch(new RegExp(`${winner.label} accepted ¥12\\.50 from @alice`))
    expect(await balanceOf(alice)).toBe(750n)
    expect(await balanceOf(winner.user)).toBe(1250n)
    expect(await balanceOf(bobWon ? carol : bob)).toBe(0n)
    expect(lastText(alice.privateChat)).toMatch(new RegExp(`${winner.label} accepted the ¥12\\.50 you sent`))

    const bad = await alice.inlineQuery('12.345')
    expect(h.fake.inlineAnswer(bad)).toMatchObject({ results: [] })
  })

  it('/bills pages through the journal; /language switches to Chinese', async () => {
    await alice.startBot()
    await bob.startBot()
    await fund(alice, '100')
    for (let i = 1; i <= 12; i++) {
      const card = await sendCard(alice, alice.privateChat, `/send @bobby ${i} #${i}`)
      await alice.press(alice.privateChat, card, '✅ Confirm')
    }
    await alice.send(alice.privateChat, '/bills')
    const bills = h.fake.lastBotMessage(alice.privateChat)!
    expect(bills.plainText).toMatch(/Transactions · page 1/)
    expect(bills.plainText).toMatch(/Transfer to · @bobby · -¥12\.00 · balance ¥22\.00 · #12/)
    await alice.press(alice.privateChat, bills, 'Older ›')
    const page2 = h.fake.message(alice.privateChat, bills.id)!
    expect(page2.plainText).toMatch(/page 2/)
    expect(page2.plainText).toMatch(/Top-up · Lingqian · \+¥100\.00/)

    await alice.send(alice.privateChat, '/language')
    await alice.press(alice.privateChat, h.fake.lastBotMessage(alice.privateChat)!, '中文')
    await alice.send(alice.privateChat, '/balance')
    expect(lastText(alice.privateChat)).toMatch(/零钱余额：¥22\.00/)
    expect(h.fake.commandsFor({ scope: { type: 'chat', chat_id: alice.id } })?.[0]?.description).toBe('打开钱包')
  })

  it('a repeated update is handled once', async () => {
    await alice.startBot()
    const update = { message: { message_id: 9_999, date: 1, chat: { id: alice.id, type: 'private' as const, first_name: 'Alice' }, from: alice.user, text: '/balance', entities: [{ type: 'bot_command' as const, offset: 0, length: 8 }] } }
    await h.fake.enqueue(update)
    const replies = h.fake.messagesIn(alice.privateChat).length
    const [delivered] = h.fake.calls.filter((c) => c.method === 'sendMessage').slice(-1)
    expect(delivered).toBeDefined()
    // Telegram sends the very same update again (same update_id), e.g. after a restart.
    const lastId = (await h.fake.enqueue({ message: { ...update.message, message_id: 10_000 } })).update_id
    await h.bot.handleUpdate({ update_id: lastId, ...update } as never)
    expect(h.fake.messagesIn(alice.privateChat).length).toBe(replies + 1) // the repeat added nothing
    // And the ids survive a restart (or reach another instance): a new process knows them.
    await h.services.core.updates.flush()
    const { ProcessedUpdates } = await import('../../core/updates/processed-updates.js')
    const restarted = new ProcessedUpdates(h.t.db)
    await restarted.load()
    expect(await restarted.firstTime(lastId)).toBe(false)
    expect(await restarted.firstTime(lastId + 1)).toBe(true)
    expect(await restarted.firstTime(lastId + 1)).toBe(false)
  })
})

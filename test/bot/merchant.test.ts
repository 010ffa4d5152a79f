import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { QrDecoder } from '../../bot/qr/qr-decoder.js'
import type { ChatMessage, FakeChat, FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { TestClock, testConfig } from '../helpers/db.js'
import { setPassword, typeOn } from '../helpers/keypad.js'

const PIN = '274916'
const decoder = new QrDecoder()
afterAll(() => decoder.close())

describe('merchants: a static code, /charge orders, and exactly one of pay / close / expire', () => {
  let h: BotHarness
  let clock: TestClock
  let alice: FakeUser
  let bob: FakeUser
  let carol: FakeUser

  beforeEach(async () => {
    clock = new TestClock(new Date('2026-11-10T04:00:00Z'))
    // Up to ¥20 a payment without the password.
    const wallet = testConfig({ passwordFree: { paymentMinor: 2_000n, dailyMinor: 100_000n, paymentCapMinor: 50_000n, dailyCapMinor: 100_000n, withoutPasswordDailyMinor: 100_000n } })
    h = await startBotHarness({ clock, overrides: { wallet } })
    alice = h.fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    bob = h.fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'zh' })
    carol = h.fake.user({ firstName: 'Carol', username: 'carol', languageCode: 'en' })
    for (const user of [h.admin, alice, bob, carol]) await user.startBot()
    for (const name of ['alice', 'carol']) await h.admin.send(h.admin.privateChat, `/topup @${name} 200`)
    await bob.send(bob.privateChat, '/merchant Lucky Noodles | Restaurant')
  })
  afterEach(async () => {
    await h.assertAudit()
    await h.dispose()
  })

  const balanceOf = (user: FakeUser) => h.balanceOf(user)
  const last = (chat: FakeChat) => h.fake.lastBotMessage(chat)!
  const botMessages = (chat: FakeChat) => h.fake.history(chat).filter((message) => message.fromBot)
  const merchantBalance = async () => {
    const row = await h.t.db.read((tx) => tx.get<{ balance_minor: unknown }>(`SELECT balance_minor FROM accounts WHERE kind = 'merchant'`))
    return BigInt(String(row!.balance_minor))
  }
  /** The link in the QR code of the picture the bot just sent Bob. */
  async function linkInLastPicture(): Promise<string> {
    const decoded = await decoder.decode(h.fake.uploads.at(-1)!.bytes!)
    if (decoded.kind !== 'codes') throw new Error('the picture holds no code')
    return decoded.texts[0]!
  }
  const payload = (link: string) => new URL(link).searchParams.get('start')!
  async function charge(command: string): Promise<{ link: string; message: ChatMessage }> {
    await bob.send(bob.privateChat, command)
    return { link: await linkInLastPicture(), message: last(bob.privateChat) }
  }
  const open = async (user: FakeUser, link: string) => {
    await user.startBot(payload(link))
    return last(user.privateChat)
  }
  const pay = async (user: FakeUser, card: ChatMessage) => h.fake.callbackAnswer(await user.press(user.privateChat, card, '✅ Pay'))?.text

  it('opening a merchant; its static code: the payer types the amount, pays the merchant (not its owner), and the owner hears 收款到账', async () => {
    const [created, dashboard] = botMessages(bob.privateChat).slice(-2)
    expect(created!.plainText).toBe('✅ 商户已开通。')
    expect(dashboard!.plainText).toMatch(/^🏪 Lucky Noodles · Restaurant\n今日收款：¥0\.00（0笔）· 本月：¥0\.00（0笔）\n商户账户余额：¥0\.00/)
    await bob.send(bob.privateChat, '/merchant Another | Shop')
    expect(last(bob.privateChat).plainText).toMatch(/^🏪 Lucky Noodles/) // one merchant per person
    await bob.send(bob.privateChat, '/merchant code')
    const link = await linkInLastPicture()
    await alice.sendPhoto(alice.privateChat, h.fake.uploads.at(-1)!.bytes!)
    expect(last(alice.privateChat).plainText).toBe('💸 Pay 🏪 Lucky Noodles: how much? Send the amount, e.g. 12.50')
    await alice.send(alice.privateChat, '12.5')
    const card = last(alice.privateChat)
    expect(card.plainText).toMatch(/^🏪 Pay Lucky Noodles · Restaurant\nAmount: ¥12\.50\nOrder no\. 1 · payable until /)
    // The order is Alice's alone: Carol cannot pay it with its button's data.
    const foreign = await carol.pressRaw(carol.privateChat, last(carol.privateChat).id, card.buttons()[0]!.callback_data!)
    expect(h.fake.callbackAnswer(foreign)?.text).toMatch(/^This button is someone else's/)
    expect(await pay(alice, card)).toBe('Payment successful · ¥12.50. Balance: ¥187.50')
    expect(h.fake.message(alice.privateChat, card.id)!.plainText).toBe('✅ Payment successful · ¥12.50 to Lucky Noodles · order no. 1')
    expect(last(bob.privateChat).plainText).toBe('💰 收款到账¥12.50 · Lucky Noodles · 来自 Alice (@alice) · 订单号1')
    expect([await balanceOf(bob), await merchantBalance()]).toEqual([0n, 1_250n])
    await bob.startBot(payload(link))
    expect(last(bob.privateChat).plainText).toBe('这是你自己的收款码：请出示给付款的人扫一扫。')
    await alice.send(alice.privateChat, '/bills')
    expect(last(alice.privateChat).plainText).toMatch(/Merchant payment · Lucky Noodles · -¥12\.50/)
  })

  it('a /charge order paid by two people at once is paid once; above the free amount it asks for the password', async () => {
    const { link } = await charge('/charge 15 noodles')
    expect(last(bob.privateChat).plainText).toMatch(/^🧾 订单号1 · Lucky Noodles · ¥15\.00/)
    const [aliceCard, carolCard] = [await open(alice, link), await open(carol, link)]
    expect(aliceCard.plainText).toMatch(/Amount: ¥15\.00\nOrder no\. 1 · payable until .*\nDescription: noodles$/)
    const answers = await Promise.all([pay(alice, aliceCard), pay(carol, carolCard)])
    expect(answers.filter((answer) => answer?.startsWith('Payment successful'))).toHaveLength(1)
    expect(answers.filter((answer) => answer === 'This order has already been paid. Nothing more was paid.')).toHaveLength(1)
    expect(await merchantBalance()).toBe(1_500n)
    expect((await balanceOf(alice)) + (await balanceOf(carol))).toBe(40_000n - 1_500n)
    expect((await open(alice, link)).plainText).toBe('This order has already been paid. Nothing more was paid.')

    await setPassword(h, alice, PIN)
    const big = await charge('/charge 25')
    const card = await open(alice, big.link)
    await alice.press(alice.privateChat, card, '✅ Pay')
    const keypad = h.fake.message(alice.privateChat, card.id)!
    expect(keypad.plainText).toMatch(/^🏪 Pay Lucky Noodles: ¥25\.00\n\nEnter payment password/)
    expect(await typeOn(h, alice, keypad, PIN)).toMatch(/^Payment successful · ¥25\.00/)
    expect(await merchantBalance()).toBe(4_000n)
  })

  it('an expired order and a closed one move nothing; closing while the payer confirms: exactly one wins', async () => {
    const late = await charge('/charge 5')
    const lateCard = await open(alice, late.link)
    clock.advance(30 * 60_000)
    expect(await pay(alice, lateCard)).toBe('This order has expired. Nothing was paid; ask the merchant for a new one.')
    expect((await open(carol, late.link)).plainText).toBe('This order has expired. Nothing was paid; ask the merchant for a new one.')

    const closed = await charge('/charge 6')
    const closedCard = await open(alice, closed.link)
    expect(h.fake.callbackAnswer(await bob.press(bob.privateChat, closed.message, '关闭订单'))?.text).toBe('订单已关闭，无法再付款。')
    expect(await pay(alice, closedCard)).toBe('The merchant has closed this order. Nothing was paid.')

    const race = await charge('/charge 7')
    const raceCard = await open(alice, race.link)
    const [paid, closing] = await Promise.all([pay(alice, raceCard), bob.press(bob.privateChat, race.message, '关闭订单').then((id) => h.fake.callbackAnswer(id)?.text)])
    const paidWon = paid?.startsWith('Payment successful') === true
    expect(paidWon).toBe(closing === undefined || !closing.startsWith('订单已关闭'))
    expect(await merchantBalance()).toBe(paidWon ? 700n : 0n)
    expect(await balanceOf(alice)).toBe(paidWon ? 19_300n : 20_000n)
  })

  it('the dashboard, refunds (partial twice, over the total refused, a repeated press once) and moving takings to the wallet', async () => {
    await open(alice, (await charge('/charge 15 noodles')).link).then((card) => pay(alice, card))
    await bob.send(bob.privateChat, '/merchant')
    const dashboard = last(bob.privateChat)
    expect(dashboard.plainText).toMatch(/今日收款：¥15\.00（1笔）· 本月：¥15\.00（1笔）\n商户账户余额：¥15\.00/)
    expect(dashboard.plainText).toMatch(/最近收款：\n订单号1 · .* · ¥15\.00 · @alice$/)

    await bob.send(bob.privateChat, '/refund 1 5')
    expect(last(bob.privateChat).plainText).toBe('↩️ 向 Alice (@alice) 退款¥5.00（订单号1）？该笔付款¥15.00，还可退¥15.00。')
    await bob.send(bob.privateChat, '/refund 1 5')
    const [first, second] = botMessages(bob.privateChat).slice(-2)
    // The refund needs the owner's password, which Bob sets first.
    expect(h.fake.callbackAnswer(await bob.press(bob.privateChat, first!, '✅ 确认退款'))?.text).toMatch(/支付密码/)
    await setPassword(h, bob, PIN)
    const confirmFirst = first!.buttons()[0]!.callback_data!
    await bob.press(bob.privateChat, first!, '✅ 确认退款')
    expect(await typeOn(h, bob, h.fake.message(bob.privateChat, first!.id)!, PIN)).toBe('退款成功。')
    expect(h.fake.message(bob.privateChat, first!.id)!.plainText).toBe('✅ 已向 Alice (@alice) 退款¥5.00 · 订单号1 · 还可退¥10.00')
    expect(last(alice.privateChat).plainText).toBe('↩️ Lucky Noodles refunded you ¥5.00 · order no. 1\nBalance: ¥190.00')
    expect(h.fake.callbackAnswer(await bob.pressRaw(bob.privateChat, first!.id, confirmFirst))?.text).toBe('已退款：这笔退款只退了一次。')
    await bob.press(bob.privateChat, second!, '✅ 确认退款')
    expect(await typeOn(h, bob, h.fake.message(bob.privateChat, second!.id)!, PIN)).toBe('退款成功。')
    expect(await balanceOf(alice)).toBe(19_500n)

    await bob.send(bob.privateChat, '/refund 1 6')
    expect(last(bob.privateChat).plainText).toBe('超过了这笔付款还可退的金额：¥5.00。未退款。')
    // Two cards for the last ¥5, each valid when made: only the first confirmed refunds.
    await bob.send(bob.privateChat, '/refund 1')
    await bob.send(bob.privateChat, '/refund 1 5')
    const [third, fourth] = botMessages(bob.privateChat).slice(-2)
    await bob.press(bob.privateChat, third!, '✅ 确认退款')
    await typeOn(h, bob, h.fake.message(bob.privateChat, third!.id)!, PIN)
    expect(h.fake.callbackAnswer(await bob.press(bob.privateChat, fourth!, '✅ 确认退款'))?.text).toBe('超过了这笔付款还可退的金额：¥0.00。未退款。')
    await bob.send(bob.privateChat, '/refund 1')
    expect(last(bob.privateChat).plainText).toBe('这笔付款已全额退款。')
    expect([await balanceOf(alice), await merchantBalance()]).toEqual([20_000n, 0n])

    await open(carol, (await charge('/charge 8')).link).then((card) => pay(carol, card))
    await bob.send(bob.privateChat, '/merchant')
    const board = last(bob.privateChat)
    expect(h.fake.callbackAnswer(await bob.press(bob.privateChat, board, '💰 转入我的零钱'))?.text).toBe('已将¥8.00转入你的零钱。')
    expect(h.fake.callbackAnswer(await bob.pressRaw(bob.privateChat, board.id, board.buttons()[0]!.callback_data!))?.text).toBe('这条消息已经转过了，未重复转入。')
    expect([await balanceOf(bob), await merchantBalance()]).toEqual([800n, 0n])
    await bob.send(bob.privateChat, '/bills')
    expect(last(bob.privateChat).plainText).toMatch(/商户收款转入 · .*¥8\.00/)
    await bob.send(bob.privateChat, '/merchant bills')
    const bills = last(bob.privateChat).plainText!
    expect(bills).toMatch(/^🧾 Lucky Noodles：最近的收款、退款和转入零钱\n\n1\. .* · 商户收款转入 · @bobby · -¥8\.00/)
    expect(bills).toMatch(/ · 收款 · @carol · \+¥8\.00/)
    expect(bills.match(/ · 商户退款 · @alice · -¥5\.00/g)).toHaveLength(3)
    expect(bills).toMatch(/ · 收款 · @alice · \+¥15\.00/)
  })

  it('a cashier hears of every payment and can touch nothing; removed, they hear no more', async () => {
    await bob.send(bob.privateChat, '/merchant staff @carol')
    expect(last(bob.privateChat).plainText).toBe('✅ @carol 已成为店员：每笔收款都会提醒对方（收款提醒），对方看不到其他信息。')
    await bob.send(bob.privateChat, '/merchant staff')
    expect(last(bob.privateChat).plainText).toBe('店员：@carol')
    await open(alice, (await charge('/charge 3 tea')).link).then((card) => pay(alice, card))
    expect(last(carol.privateChat).plainText).toBe('💰 Received ¥3.00 · Lucky Noodles · from Alice (@alice) · order no. 1\nNote: tea')
    expect(last(bob.privateChat).plainText).toMatch(/^💰 收款到账¥3\.00 · Lucky Noodles/)
    await carol.send(carol.privateChat, '/refund 1')
    expect(last(carol.privateChat).plainText).toBe('You have no merchant yet: open one with /merchant name | category.')
    await bob.send(bob.privateChat, '/merchant staff remove @carol')
    expect(last(bob.privateChat).plainText).toBe('@carol 已不再是店员。')
    const heard = botMessages(carol.privateChat).length
    await open(alice, (await charge('/charge 4')).link).then((card) => pay(alice, card))
    expect(botMessages(carol.privateChat).length).toBe(heard)
  })
})

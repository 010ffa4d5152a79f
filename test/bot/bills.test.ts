import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listHistory } from '../../core/wallet/history.js'
import { findUserByTelegramId } from '../../core/wallet/users.js'
import { monthRange } from '../../core/statements/calendar.js'
import type { FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { TestClock } from '../helpers/db.js'

describe('/bills: filters, details and CSV export', () => {
  let h: BotHarness
  let clock: TestClock
  let alice: FakeUser
  let bob: FakeUser
  let carol: FakeUser

  beforeEach(async () => {
    clock = new TestClock(new Date('2026-10-20T04:00:00Z'))
    h = await startBotHarness({ clock })
    alice = h.fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    bob = h.fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'en' })
    carol = h.fake.user({ firstName: '小红', username: 'carol_cn', languageCode: 'zh-hans' })
    for (const user of [h.admin, alice, bob, carol]) await user.startBot()
    await h.admin.send(h.admin.privateChat, '/topup @alice 100 =HYPERLINK("http://evil.example","x")')
    await h.admin.send(h.admin.privateChat, '/topup @carol_cn 50')
    clock.set(new Date('2026-11-02T04:00:00Z'))
    await pay(alice, 'bobby', '12.5 lunch, "dim sum"')
    await pay(carol, 'alice', '3 -2+3')
    await pay(alice, 'carol_cn', '1.25 @home')
    clock.set(new Date('2026-11-25T04:00:00Z'))
  })
  afterEach(async () => {
    await h.assertAudit()
    await h.dispose()
  })

  async function pay(from: FakeUser, to: string, rest: string) {
    await from.send(from.privateChat, `/send @${to} ${rest}`)
    await from.press(from.privateChat, h.fake.lastBotMessage(from.privateChat)!, from === carol ? '✅ 确认' : '✅ Confirm')
  }
  const billsOf = async (user: FakeUser, month?: string) => {
    const wallet = (await findUserByTelegramId(h.t.db, BigInt(user.id)))!
    const range = month ? monthRange(month, 'Asia/Shanghai') : { from: null, to: null }
    return (await listHistory(h.t.db, { userId: wallet.id, currency: 'CNY', limit: 100, ...range })).items
  }
  const shown = (user: FakeUser, id: number) => h.fake.message(user.privateChat, id)!.plainText!

  it('filters by month, direction and type; each change starts at the newest', async () => {
    await alice.send(alice.privateChat, '/bills')
    const list = h.fake.lastBotMessage(alice.privateChat)!
    expect(list.plainText).toMatch(/Transactions · page 1\nAll time · In & out · All types\n\n1\. 2026-11-02 12:00 · Transfer to · @carol_cn · -¥1\.25 · balance ¥89\.25 · @home/)
    expect(list.plainText!.split('\n').filter((line) => /^\d+\. /.test(line))).toHaveLength(4)

    await alice.press(alice.privateChat, list, 'Spending')
    const out = shown(alice, list.id)
    expect(out).toMatch(/All time · Spending · All types/)
    expect(out.split('\n').filter((line) => /^\d+\. /.test(line)).every((line) => / · -¥/.test(line))).toBe(true)
    expect(out).not.toMatch(/Top-up/)

    await alice.press(alice.privateChat, h.fake.message(alice.privateChat, list.id)!, 'Last month')
    expect(shown(alice, list.id)).toMatch(/October 2026 · Spending · All types\n\nNo transactions yet\./)
    await alice.press(alice.privateChat, h.fake.message(alice.privateChat, list.id)!, 'In & out')
    expect(shown(alice, list.id)).toMatch(/1\. 2026-10-20 12:00 · Top-up · Lingqian · \+¥100\.00/)

    await alice.press(alice.privateChat, h.fake.message(alice.privateChat, list.id)!, 'Pick month')
    await alice.press(alice.privateChat, h.fake.message(alice.privateChat, list.id)!, 'November 2026')
    await alice.press(alice.privateChat, h.fake.message(alice.privateChat, list.id)!, 'Top-ups')
    expect(shown(alice, list.id)).toMatch(/November 2026 · In & out · Top-ups\n\nNo transactions yet\./)
    await alice.press(alice.privateChat, h.fake.message(alice.privateChat, list.id)!, 'Transfers')
    expect(shown(alice, list.id).split('\n').filter((line) => /^\d+\. /.test(line))).toHaveLength(3)
  })

  it('a bill’s details; a forged press for someone else’s bill shows nothing of it', async () => {
    await alice.send(alice.privateChat, '/bills')
    const list = h.fake.lastBotMessage(alice.privateChat)!
    await alice.press(alice.privateChat, list, '2')
    const [bill] = (await billsOf(alice)).slice(1, 2)
    expect(shown(alice, list.id)).toBe(
      `🧾 Details\nTransfer from · @carol_cn\nAmount: +¥3.00\nTime: 2026-11-02 12:00 (Asia/Shanghai)\nBalance after: ¥90.50\nNote: -2+3\nReference: ${bill!.postingId}`,
    )
    await alice.press(alice.privateChat, h.fake.message(alice.privateChat, list.id)!, '‹ Transactions')
    expect(shown(alice, list.id)).toMatch(/^🧾 Transactions · page 1/)

    const [bobsBill] = await billsOf(bob)
    const before = shown(alice, list.id)
    const answer = await alice.pressRaw(alice.privateChat, list.id, `bd:${bobsBill!.entryId}:0:1:::`)
    expect(h.fake.callbackAnswer(answer)?.text).toBe('That transaction is not in your bills. Nothing was changed.')
    expect(shown(alice, list.id)).toBe(before)
  })

  it('a bills or security press forged onto a group message shows nothing there', async () => {
    const group = h.fake.group({ title: 'Lunch', members: [alice, bob] })
    await bob.send(group, 'hello')
    await alice.send(group, '/redpacket 1 1')
    const card = h.fake.lastBotMessage(group)!
    const before = card.plainText
    for (const data of ['bil:0:1:::', 'bx:2026-11', 'stm:2026-11', 'sec:freeze', 'tz:UTC']) {
      const answer = await alice.pressRaw(group, card.id, data)
      expect(h.fake.callbackAnswer(answer)?.text).toBe('That is private: open our chat to see it.')
    }
    expect(h.fake.message(group, card.id)!.plainText).toBe(before)
    expect(h.fake.messagesIn(group).filter((message) => message.media)).toHaveLength(0)
    expect((await h.services.core.security.status((await findUserByTelegramId(h.t.db, BigInt(alice.id)))!.id)).frozen).toBe(false)
  })

  it('/bills export: a UTF-8 CSV with a BOM that a CSV parser reads back as the bills, formulas neutralised', async () => {
    await alice.send(alice.privateChat, '/bills export 2026-11')
    const document = h.fake.uploads.find((upload) => upload.method === 'sendDocument' && upload.chatId === alice.id)!
    expect(document.filename).toBe('lingqian-bills-2026-11.csv')
    expect(h.fake.lastBotMessage(alice.privateChat)!.plainText).toBe('Transactions of November 2026: 3 rows (UTF-8 CSV)')
    const bytes = Buffer.from(document.bytes!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const [header, ...rows] = parse(bytes, { bom: true }) as string[][]
    expect(header).toEqual(['Time', 'Type', 'In/out', 'Counterparty', 'Amount', 'Currency', 'Balance after', 'Note', 'Reference'])
    const bills = await billsOf(alice, '2026-11')
    expect(rows).toEqual(
      bills.map((bill) => [
        '2026-11-02 12:00',
        bill.amountMinor < 0n ? 'Transfer to' : 'Transfer from',
        bill.amountMinor < 0n ? 'Spending' : 'Income',
        `'@${bill.counterparty.username}`, // a spreadsheet would read a leading @ as a formula too
        (Number(bill.amountMinor) / 100).toFixed(2),
        'CNY',
        (Number(bill.balanceAfterMinor) / 100).toFixed(2),
        bill.memo!.startsWith('-') || bill.memo!.startsWith('@') ? `'${bill.memo}` : bill.memo,
        String(bill.postingId),
      ]),
    )
    expect(rows.map((row) => row[7])).toEqual(["'@home", "'-2+3", 'lunch, "dim sum"'])

    await alice.send(alice.privateChat, '/bills export 2026-10')
    const october = h.fake.uploads.filter((upload) => upload.method === 'sendDocument' && upload.chatId === alice.id)[1]!
    const [, topUp] = parse(Buffer.from(october.bytes!), { bom: true }) as string[][]
    expect(topUp![7]).toBe('\'=HYPERLINK("http://evil.example","x")')
    await alice.send(alice.privateChat, '/bills export 2026-09')
    expect(h.fake.lastBotMessage(alice.privateChat)!.plainText).toBe('No transactions in September 2026.')
    await alice.send(alice.privateChat, '/bills export soon')
    expect(h.fake.lastBotMessage(alice.privateChat)!.plainText).toMatch(/^\/bills: your transactions, with filters/)
  })

  it('in Chinese: the header row and the words of the list', async () => {
    await carol.send(carol.privateChat, '/bills export')
    const document = h.fake.uploads.find((upload) => upload.method === 'sendDocument' && upload.chatId === carol.id)!
    const [header, ...rows] = parse(Buffer.from(document.bytes!), { bom: true }) as string[][]
    expect(header).toEqual(['时间', '类型', '收/支', '交易对方', '金额', '币种', '零钱余额', '备注', '交易单号'])
    expect(rows.map((row) => [row[1], row[2], row[4]])).toEqual([['转账收入', '收入', '1.25'], ['转账支出', '支出', '-3.00']])
    await carol.send(carol.privateChat, '/bills')
    const list = h.fake.lastBotMessage(carol.privateChat)!
    expect(list.plainText).toMatch(/^🧾 账单 · 第1页\n全部时间 · 收支 · 全部类型/)
    expect(list.buttons().map((button) => button.text)).toEqual(expect.arrayContaining(['本月', '上月', '选择月份', '✓ 全部时间', '收入', '支出', '✓ 收支', '转账', '红包', '充值', '✓ 全部类型', '📄 导出CSV']))
  })
})

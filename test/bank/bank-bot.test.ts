import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sqlitePathFromUrl } from '../../core/db/sqlite/connection.js'
import { dayOf } from '../../core/security/authorize.js'
import { reconcileForAdmins } from '../../bot/bank/reconcile-run.js'
import { runBankResolution, runOutbox } from '../../bot/jobs.js'
import { TEST_CARDS } from '../../bot/sandbox-bank/test-cards.js'
import type { ChatMessage, FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { ENGINE, TEST_ENCRYPTION_KEYS, TEST_PEPPER, TestClock } from '../helpers/db.js'
import { setPassword, typeOn } from '../helpers/keypad.js'
import { SANDBOX_API_KEY, startSandboxBank, type RunningSandboxBank } from '../helpers/sandbox-bank.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const PIN = '274916'
const HANG_MS = 120_000

/*
 * Bank cards end to end: the whole bot on the fake Bot API, the sandbox bank over HTTP (its
 * SMS delivered as the bot's simulated-SMS messages), the jobs run by hand, the reconcile
 * command as a real process.
 */
describe(`bank cards through the bot and the sandbox bank (${ENGINE})`, () => {
  let h: BotHarness
  let clock: TestClock
  let bank: RunningSandboxBank
  let alice: FakeUser
  beforeEach(async () => {
    clock = new TestClock(new Date('2026-12-03T04:00:00Z'))
    bank = await startSandboxBank({ clock, hangMs: HANG_MS, onSms: async (sms) => void (await h.services.core.bankCards.deliverSimulatedSms(sms)) })
    h = await startBotHarness({ clock, overrides: { bank: bank.gateway } })
    alice = h.fake.user({ firstName: 'Alice', username: 'alice' })
    await alice.startBot()
    await setPassword(h, alice, PIN)
    await alice.sendContact(alice.privateChat, { phoneNumber: '+8613812345678', userId: alice.id })
  })
  afterEach(async () => {
    await h.assertAudit()
    await h.dispose()
    await bank.stop()
  })

  const last = () => h.fake.lastBotMessage(alice.privateChat)!
  const texts = () => h.fake.messagesIn(alice.privateChat).map((m) => m.plainText ?? '')

  /** /cards → Add a card → the number and name → the code from the simulated SMS, typed on the keypad. */
  async function startAdding(number: string): Promise<ChatMessage> {
    await alice.send(alice.privateChat, '/cards')
    await alice.press(alice.privateChat, last(), '➕ Add a card')
    expect(last().plainText).toMatch(/Send the card number and the cardholder's name/)
    const sent = await alice.send(alice.privateChat, `${number.replace(/(\d{4})(?=\d)/g, '$1 ')} Zhang San`)
    expect(h.fake.message(alice.privateChat, sent.id)?.deleted).toBe(true) // the number left the chat
    const keypad = last()
    await runOutbox(h.services) // the simulated SMS
    return keypad
  }
  const smsCode = () => /\b(\d{6})\b/.exec(texts().filter((text) => text.includes('Simulated SMS')).at(-1) ?? '')?.[1] ?? ''
  async function typeCode(keypad: ChatMessage, code: string): Promise<void> {
    for (const digit of code) await alice.press(alice.privateChat, h.fake.message(alice.privateChat, keypad.id)!, digit)
  }
  async function addCard(number: string): Promise<void> {
    const keypad = await startAdding(number)
    await typeCode(keypad, smsCode())
    expect(h.fake.message(alice.privateChat, keypad.id)!.plainText).toMatch(/^✅ Card added/)
  }
  /** `/topup 100` or `/withdraw 100`, the card picked when there are several, then the password. */
  async function move(command: string, cardButton?: string): Promise<ChatMessage> {
    await alice.send(alice.privateChat, command)
    if (cardButton) await alice.press(alice.privateChat, last(), cardButton)
    const keypad = last()
    await typeOn(h, alice, keypad, PIN)
    return h.fake.message(alice.privateChat, keypad.id)!
  }

  it('binds a card with the code the simulated SMS brought; a wrong code says so; an expired one ends the binding', async () => {
    const keypad = await startAdding(TEST_CARDS.normal)
    expect(keypad.plainText).toMatch(/verification code to \+86138\*{4}5678 for China Merchants Bank Debit card \(1234\)/)
    expect(texts().at(-1)).toMatch(/^📱 Simulated SMS \(from the sandbox bank: not a real text message\)/)
    const code = smsCode()
    const wrong = code.replace(/^./, (first) => String((Number(first) + 1) % 10))
    await typeCode(keypad, wrong)
    expect(h.fake.message(alice.privateChat, keypad.id)!.plainText).toMatch(/Wrong code: 2 tries left/)
    await typeCode(keypad, code)
    expect(h.fake.message(alice.privateChat, keypad.id)!.plainText).toMatch(/^✅ Card added: China Merchants Bank Debit card \(1234\)/)

    const second = await startAdding(TEST_CARDS.normalCredit)
    clock.advance(11 * 60_000)
    await alice.press(alice.privateChat, second, '1')
    expect(h.fake.message(alice.privateChat, second.id)!.plainText).toMatch(/verification code has expired/)

    await alice.send(alice.privateChat, '/cards')
    expect(last().plainText).toMatch(/• China Merchants Bank Debit card \(1234\)/)
    expect(last().plainText).not.toMatch(/4321/)
    await alice.send(alice.privateChat, '/security')
    expect(last().plainText).toMatch(/Bank cards: • China Merchants Bank Debit card \(1234\)/)

    // Neither number is anywhere in the database, in any form it was typed in.
    const stored = await everythingStored()
    for (const number of [TEST_CARDS.normal, TEST_CARDS.normalCredit]) {
      expect(stored).not.toContain(number)
      expect(stored).not.toContain(number.slice(0, 12))
      expect(stored).not.toContain(number.replace(/(\d{4})(?=\d)/g, '$1 '))
    }
    expect(stored).toContain('1234') // the last four are kept in clear: the search would find a number
  })

  it('tops up, withdraws with the fee, says a declined card’s reason, and the day reconciles clean, also by npm run reconcile', async () => {
    await h.admin.startBot()
    await addCard(TEST_CARDS.normal)
    const topUp = await move('/topup 2000')
    expect(topUp.plainText).toMatch(/^✅ Topped up ¥2,000\.00 from China Merchants Bank Debit card \(1234\)\.\nBalance: ¥2,000\.00/)
    await runOutbox(h.services)
    expect(texts().filter((text) => text.includes('Topped up'))).toHaveLength(1) // shown on the card: the notice is not sent as well

    await alice.send(alice.privateChat, '/withdraw 1500')
    // Above the free allowance of ¥1,000: 0.1% of the ¥500 above it.
    expect(last().plainText).toMatch(/Withdraw ¥1,500\.00 to China Merchants Bank Debit card \(1234\)\nFee: ¥0\.50 · taken from your balance: ¥1,500\.50/)
    await typeOn(h, alice, last(), PIN)
    expect(last().plainText).toMatch(/^✅ Withdrew ¥1,500\.00 to China Merchants Bank Debit card \(1234\) \(fee ¥0\.50\)/)
    expect(await h.balanceOf(alice)).toBe(499_50n)

    await addCard(TEST_CARDS.declined)
    const declined = await move('/topup 10', 'ICBC Debit card (0002)')
    expect(declined.plainText).toMatch(/^❌ The top-up of ¥10\.00 from ICBC Debit card \(0002\) was declined: the bank declined the card\. Nothing was charged\./)
    expect(await h.balanceOf(alice)).toBe(499_50n)

    await alice.send(alice.privateChat, '/bills')
    expect(last().plainText).toMatch(/Withdrawal · China Merchants Bank Debit card \(1234\) · -¥1,500\.50/)
    expect(last().plainText).toMatch(/Top-up from card · China Merchants Bank Debit card \(1234\) · \+?¥2,000\.00/)

    const day = dayOf(clock.now(), h.services.wallet.timeZone)
    const report = await reconcileForAdmins(h.services.core, day)
    expect(report).toMatchObject({ matched: 2, breaks: [] })
    await runOutbox(h.services)
    expect(h.fake.lastBotMessage(h.admin.privateChat)?.plainText).toMatch(new RegExp(`Reconciliation of ${day}: clean, 2 operations match`))

    const cli = await reconcileCli(day)
    expect(JSON.parse(cli.stdout)).toMatchObject({ day, status: 'clean', matched: 2, breaks: [] })
  })

  it('a top-up the bank left unanswered settles later as success, a withdrawal as failure, each told once; an injected payout is a break', async () => {
    await h.admin.startBot()
    await addCard(TEST_CARDS.hangThenSuccess)
    const topUp = await move('/topup 30')
    expect(topUp.plainText).toMatch(/^⏳ The bank has not answered yet about the top-up of ¥30\.00/)
    expect(await h.balanceOf(alice)).toBe(0n)

    await addCard(TEST_CARDS.hangThenDecline)
    // Nothing to withdraw yet: the top-up is pending. Settle it first.
    clock.advance(HANG_MS + 1_000)
    expect(await runBankResolution(h.services)).toBe(1)
    await runOutbox(h.services)
    await runBankResolution(h.services)
    await runOutbox(h.services)
    expect(texts().filter((text) => /^✅ Topped up ¥30\.00/.test(text))).toHaveLength(1)
    expect(await h.balanceOf(alice)).toBe(30_00n)

    const withdrawal = await move('/withdraw 20', 'Bank of Communications Debit card (0092)')
    expect(withdrawal.plainText).toMatch(/^⏳ The bank has not answered yet about the withdrawal of ¥20\.00/)
    expect(await h.balanceOf(alice)).toBe(10_00n) // set aside meanwhile
    // Its card cannot be removed while the bank has not answered: refused before the password.
    await alice.send(alice.privateChat, '/cards')
    const cards = last()
    const busy = await alice.press(alice.privateChat, cards, 'Remove Bank of Communications Debit card (0092)')
    expect(h.fake.callbackAnswer(busy)?.text).toMatch(/still waiting for the bank/)
    expect(last().id).toBe(cards.id) // no keypad
    clock.advance(HANG_MS + 1_000)
    await runBankResolution(h.services)
    await runOutbox(h.services)
    await runBankResolution(h.services)
    await runOutbox(h.services)
    expect(texts().filter((text) => /^❌ The withdrawal of ¥20\.00/.test(text))).toEqual([expect.stringMatching(/¥20\.00 is back in your balance: ¥30\.00/)])
    expect(await h.balanceOf(alice)).toBe(30_00n)
    await alice.send(alice.privateChat, '/cards')
    const keypad = last()
    await alice.press(alice.privateChat, keypad, 'Remove Bank of Communications Debit card (0092)')
    await typeOn(h, alice, h.fake.message(alice.privateChat, keypad.id)!, PIN)
    expect(h.fake.message(alice.privateChat, keypad.id)!.plainText).toBe('Card removed: Bank of Communications Debit card (0092).')

    const day = dayOf(clock.now(), h.services.wallet.timeZone)
    expect(await reconcileForAdmins(h.services.core, day)).toMatchObject({ matched: 1, breaks: [] })
    await runOutbox(h.services)
    const injected = await fetch(`${bank.url}/sandbox/payouts`, { method: 'POST', headers: { authorization: `Bearer ${SANDBOX_API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ amountMinor: '777', currency: 'CNY' }) })
    expect(injected.status).toBe(200)
    const report = await reconcileForAdmins(h.services.core, day)
    expect(report.breaks).toEqual([expect.objectContaining({ kind: 'missing_in_ledger', direction: 'payout', bankMinor: '777', ledgerMinor: null })])
    await runOutbox(h.services)
    expect(h.fake.lastBotMessage(h.admin.privateChat)?.plainText).toMatch(/Reconciliation of .*: 1 breaks \(1 operations match\)\n• withdrawal .*: ¥7\.77 at the bank, not in our ledger/)
    await expect(reconcileCli(day)).rejects.toMatchObject({ code: 3 })
  })

  /**
   * Every byte the database keeps: on SQLite the file with its write-ahead log (unencoded
   * text, as a disk image would show it), on PostgreSQL every row of every table as text.
   */
  async function everythingStored(): Promise<string> {
    if (ENGINE === 'sqlite') {
      const file = sqlitePathFromUrl(h.t.url)
      return [file, `${file}-wal`].filter(existsSync).map((each) => readFileSync(each).toString('latin1')).join('\n')
    }
    const tables = await h.t.db.read((tx) => tx.all<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`))
    const rows = await h.t.db.read(async (tx) => Promise.all(tables.map((table) => tx.all<{ row: string }>(`SELECT t::text AS row FROM "${table.table_name}" t`))))
    return rows.flat().map((each) => each.row).join('\n')
  }

  /** `npm run reconcile -- --day <day>` against this test's database and sandbox bank. */
  function reconcileCli(day: string) {
    const env = {
      ...process.env,
      DATABASE_URL: h.t.url,
      BANK_URL: bank.url,
      BANK_API_KEY: SANDBOX_API_KEY,
      TZ: h.services.wallet.timeZone,
      PASSWORD_PEPPER: TEST_PEPPER.toString('base64'),
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEYS.current.toString('base64'),
    }
    return promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bot/reconcile-cli.ts'), '--day', day], { cwd: ROOT, env })
  }
})

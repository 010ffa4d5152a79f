import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_RISK_RULES } from '../../core/security/risk.js'
import type { FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { TestClock, testConfig } from '../helpers/db.js'

describe('a payment stopped by risk control, as the payer and a group read it', () => {
  let h: BotHarness
  let alice: FakeUser
  let bob: FakeUser

  beforeEach(async () => {
    h = await startBotHarness({ clock: new TestClock(new Date('2026-11-10T04:00:00Z')), overrides: { wallet: testConfig({ risk: DEFAULT_RISK_RULES }) } })
    alice = h.fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    bob = h.fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'zh' })
    for (const user of [h.admin, alice, bob]) await user.startBot()
    await h.admin.send(h.admin.privateChat, '/topup @alice 5000')
    await h.admin.send(h.admin.privateChat, '/topup @bobby 5000')
  })
  afterEach(async () => {
    await h.assertAudit()
    await h.dispose()
  })

  it('a new account sending a large amount is refused with the rule in words; a group sees no details', async () => {
    await alice.send(alice.privateChat, '/send @bobby 4000')
    const answer = await alice.press(alice.privateChat, h.fake.lastBotMessage(alice.privateChat)!, '✅ Confirm')
    expect(h.fake.callbackAnswer(answer)?.text).toMatch(/^⚠️ Risk alert: this payment was stopped to protect your account \(a large amount from a new account\)\. You were not charged\./)
    const group = h.fake.group({ title: 'Friends', members: [alice, bob] })
    await bob.send(group, '/send @alice 4000')
    const press = await bob.press(group, h.fake.lastBotMessage(group)!, '✅ 确认')
    expect(h.fake.callbackAnswer(press)?.text).toMatch(/^⚠️ 风险提示：为保护你的账户，这笔付款已被拦截（新账户付出大额款项）。未扣款。/) // alerts reach the presser alone
    const decisions = await h.t.db.read((tx) => tx.all<{ action: string; reasons: string }>('SELECT action, reasons FROM risk_decisions ORDER BY id'))
    expect(decisions).toEqual([
      { action: 'block', reasons: 'new_account:block' },
      { action: 'block', reasons: 'new_account:block' },
    ])
  })
})

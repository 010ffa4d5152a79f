import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RETRY_SCHEDULE_MS } from '../../core/merchant-api/notifications.js'
import type { FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { TestClock } from '../helpers/db.js'
import { notificationReceiver, shopWorld, signedFetch, startMerchantApi, type Shop } from '../helpers/shop.js'

/*
 * The dispatcher of shop notifications on a clock the test moves: a shop's server that fails,
 * hangs, then recovers is notified once it answers 2xx, at WeChat Pay's retry times; one that
 * never recovers is given up after the last retry, its owner told in Telegram, and a resend
 * starts it over. A dispatcher that dies with a notification taken loses nothing.
 */
describe('shop notifications: retries on schedule, give-up, resend, a dispatcher that dies', () => {
  let h: BotHarness
  let clock: TestClock
  let api: Awaited<ReturnType<typeof startMerchantApi>>
  let alice: FakeUser
  let bob: FakeUser
  let shop: Shop

  beforeEach(async () => {
    clock = new TestClock(new Date()) // requests are signed with the real time: start the clock there
    h = await startBotHarness({ clock, overrides: { shopNotifications: { allowPrivate: true, timeoutMs: 300, jitter: () => 0 } } })
    ;({ alice, bob, shop } = await shopWorld(h))
    api = await startMerchantApi(h)
  })
  afterEach(async () => {
    await api.stop()
    await h.assertAudit()
    await h.dispose()
  })

  /** An order made through the API and paid by Alice in the bot: its TRANSACTION.SUCCESS is due. */
  async function paidOrder(outTradeNo: string, notifyUrl: string) {
    const body = JSON.stringify({ appid: shop.appid, mchid: shop.mchid, description: 'Noodles', out_trade_no: outTradeNo, notify_url: notifyUrl, amount: { total: 500 } })
    const created = await signedFetch(api.baseUrl, { method: 'POST', target: '/v3/pay/transactions/native', body, ...shop })
    const { code_url } = (await created.json()) as { code_url: string }
    await alice.startBot(new URL(code_url).searchParams.get('start')!)
    await alice.press(alice.privateChat, h.fake.lastBotMessage(alice.privateChat)!, '✅ Pay')
  }
  const row = async () => (await h.t.db.read((tx) => tx.get<{ status: string; attempts: unknown; id: unknown }>('SELECT id, status, attempts FROM merchant_notifications ORDER BY id DESC')))!
  const deliver = () => h.services.shopNotifier.deliverDue()

  it('fails, hangs past its timeout, recovers: delivered once, at 15 s and 30 s, never before', async () => {
    const outcomes = ['fail', 'hang', 'ok'] as const
    const receiver = await notificationReceiver((attempt) => outcomes[attempt - 1] ?? 'ok')
    try {
      await paidOrder('RETRY-0001', receiver.url)
      expect(await deliver()).toBe(1) // attempt 1: HTTP 500
      expect(await deliver()).toBe(0) // the next is 15 s away
      clock.advance(RETRY_SCHEDULE_MS[0]! - 1)
      expect(await deliver()).toBe(0)
      clock.advance(1)
      expect(await deliver()).toBe(1) // attempt 2: no answer within the timeout
      clock.advance(RETRY_SCHEDULE_MS[1]! - 1)
      expect(await deliver()).toBe(0)
      clock.advance(1)
      expect(await deliver()).toBe(1) // attempt 3: 200
      clock.advance(24 * 3_600_000)
      expect(await deliver()).toBe(0) // delivered: never again
      expect([receiver.attempts(), receiver.received.length]).toEqual([3, 1])
      expect(await row()).toMatchObject({ status: 'sent' })
      expect(Number((await row()).attempts)).toBe(3)
    } finally {
      await receiver.close()
    }
  })

  it('never accepted: given up after the last retry (about 24 h), the owner is told in Telegram, and /merchant resend starts it over', async () => {
    let healthy = false
    const receiver = await notificationReceiver(() => (healthy ? 'ok' : 'fail'))
    try {
      await paidOrder('GIVEUP-0001', receiver.url)
      let elapsed = 0
      for (const wait of RETRY_SCHEDULE_MS) {
        expect(await deliver()).toBe(1)
        clock.advance(wait)
        elapsed += wait
      }
      expect(await deliver()).toBe(1) // the 16th and last try
      expect(elapsed / 3_600_000).toBeCloseTo(24.07, 1)
      expect(await row()).toMatchObject({ status: 'failed' })
      clock.advance(RETRY_SCHEDULE_MS.at(-1)!)
      expect(await deliver()).toBe(0)
      await h.services.outbox.deliverDue()
      const notice = h.fake.lastBotMessage(bob.privateChat)!
      expect(notice.plainText).toMatch(/did not accept notification no\. \d+ \(TRANSACTION\.SUCCESS, order no\. \d+\) in 16 tries/)
      const number = /no\. (\d+)/.exec(notice.plainText!)![1]
      healthy = true
      await bob.send(bob.privateChat, `/merchant resend ${number}`)
      expect(h.fake.lastBotMessage(bob.privateChat)!.plainText).toBe(`Notification no. ${number} will be sent again now, and retried as before.`)
      expect(await deliver()).toBe(1)
      expect(await row()).toMatchObject({ status: 'sent' })
      expect(receiver.received).toHaveLength(1)
      // Nobody else can resend (or learn of) the merchant's notifications.
      await alice.send(alice.privateChat, `/merchant resend ${number}`)
      expect(h.fake.lastBotMessage(alice.privateChat)!.plainText).toMatch(/merchant/i)
    } finally {
      await receiver.close()
    }
  })

  it('a dispatcher that took a notification and died never settles it: once its lease runs out, another delivers it', async () => {
    const receiver = await notificationReceiver()
    try {
      await paidOrder('LEASE-0001', receiver.url)
      const taken = await h.services.core.merchantApi.takeDueNotifications(10, 60_000)
      expect(taken).toHaveLength(1) // ... and the process holding it is gone
      expect(await deliver()).toBe(0) // leased: nobody else takes it
      clock.advance(60_000)
      expect(await deliver()).toBe(1)
      expect(receiver.received).toHaveLength(1)
      expect(await row()).toMatchObject({ status: 'sent' })
    } finally {
      await receiver.close()
    }
  })
})

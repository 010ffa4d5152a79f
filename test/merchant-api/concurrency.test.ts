import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { ENGINE } from '../helpers/db.js'
import { shopWorld, signedFetch, startMerchantApi, type Shop } from '../helpers/shop.js'

/*
 * A shop's retries and races arrive at once (on PostgreSQL over a pool, truly in parallel):
 * the same order asked for ten times is one order; ten refunds racing for the whole amount
 * refund it once; the same refund number asked ten times refunds once.
 */
describe(`merchant API under concurrent requests (${ENGINE})`, () => {
  let h: BotHarness
  let api: Awaited<ReturnType<typeof startMerchantApi>>
  let alice: FakeUser
  let shop: Shop

  beforeEach(async () => {
    h = await startBotHarness()
    ;({ alice, shop } = await shopWorld(h))
    api = await startMerchantApi(h)
  })
  afterEach(async () => {
    await api.stop()
    await h.assertAudit()
    await h.dispose()
  })

  const count = async (table: string) => Number((await h.t.db.read((tx) => tx.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table}`)))!.n)
  const times = <T>(n: number, make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => make(i)))

  it('ten identical creates make one order; ten refunds racing for the whole amount refund it once', async () => {
    const body = JSON.stringify({ appid: shop.appid, mchid: shop.mchid, description: 'Noodles', out_trade_no: 'RACE-0001', notify_url: 'http://127.0.0.1:9/notify', amount: { total: 1_000 } })
    const creates = await times(10, () => signedFetch(api.baseUrl, { method: 'POST', target: '/v3/pay/transactions/native', body, ...shop }))
    const links = new Set(await Promise.all(creates.map(async (response) => ((await response.json()) as { code_url: string }).code_url)))
    expect(creates.map((response) => response.status)).toEqual(Array(10).fill(200))
    expect(links.size).toBe(1)
    expect(await count('merchant_orders')).toBe(1)
    await alice.startBot(new URL([...links][0]!).searchParams.get('start')!)
    await alice.press(alice.privateChat, h.fake.lastBotMessage(alice.privateChat)!, '✅ Pay')
    expect(await h.balanceOf(alice)).toBe(19_000n)

    const refund = (outRefundNo: string) =>
      signedFetch(api.baseUrl, { method: 'POST', target: '/v3/refund/domestic/refunds', body: JSON.stringify({ out_trade_no: 'RACE-0001', out_refund_no: outRefundNo, amount: { refund: 1_000, total: 1_000, currency: 'CNY' } }), ...shop })
    const racing = await times(10, (i) => refund(`RACE-R-${i}`))
    expect(racing.map((response) => response.status).sort()).toEqual([200, ...Array(9).fill(400)])
    const same = await times(10, () => refund('RACE-R-SAME'))
    expect(same.every((response) => response.status === 400)).toBe(true) // nothing is left to refund
    expect(await h.balanceOf(alice)).toBe(20_000n)
    expect(await count('merchant_refunds')).toBe(1)
  })

  it('one full refund asked ten times at once refunds once and answers the same refund each time', async () => {
    const body = JSON.stringify({ appid: shop.appid, mchid: shop.mchid, description: 'Noodles', out_trade_no: 'RACE-0002', notify_url: 'http://127.0.0.1:9/notify', amount: { total: 1_000 } })
    const created = await signedFetch(api.baseUrl, { method: 'POST', target: '/v3/pay/transactions/native', body, ...shop })
    await alice.startBot(new URL(((await created.json()) as { code_url: string }).code_url).searchParams.get('start')!)
    await alice.press(alice.privateChat, h.fake.lastBotMessage(alice.privateChat)!, '✅ Pay')
    const answers = await times(10, () =>
      signedFetch(api.baseUrl, { method: 'POST', target: '/v3/refund/domestic/refunds', body: JSON.stringify({ out_trade_no: 'RACE-0002', out_refund_no: 'ONE-REFUND', amount: { refund: 1_000, total: 1_000, currency: 'CNY' } }), ...shop }),
    )
    expect(answers.map((response) => response.status)).toEqual(Array(10).fill(200))
    const ids = new Set(await Promise.all(answers.map(async (response) => ((await response.json()) as { refund_id: string }).refund_id)))
    expect(ids.size).toBe(1)
    expect(await h.balanceOf(alice)).toBe(20_000n) // the whole amount, once: every repeat waited for the first and found it
  })
})

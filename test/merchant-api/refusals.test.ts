import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { registerShop, shopWorld, signedFetch, startMerchantApi, type Shop } from '../helpers/shop.js'

/*
 * What the merchant API refuses, each with WeChat Pay's status and code and no side effect:
 * forged, stale, replayed or tampered requests, another merchant's key, a reused order
 * number, a refund over what was paid, closing a paid order, a private notify_url.
 */
describe('merchant API refusals', () => {
  let h: BotHarness
  let api: Awaited<ReturnType<typeof startMerchantApi>>
  let alice: FakeUser
  let bob: FakeUser
  let shop: Shop
  let other: Shop

  beforeEach(async () => {
    h = await startBotHarness()
    ;({ alice, bob, shop } = await shopWorld(h))
    const carol = h.fake.user({ firstName: 'Carol', username: 'carol', languageCode: 'en' })
    await carol.startBot()
    await carol.send(carol.privateChat, '/merchant Other Shop | Shop')
    other = await registerShop(h, carol)
    api = await startMerchantApi(h, { allowPrivateNotify: false, ratePerSecond: 30 })
  })
  afterEach(async () => {
    await api.stop()
    await h.assertAudit()
    await h.dispose()
  })

  const orderBody = (fields: Record<string, unknown> = {}) =>
    JSON.stringify({ appid: shop.appid, mchid: shop.mchid, description: 'Noodles', out_trade_no: 'ORDER-0001', notify_url: 'https://93.184.215.14/notify', amount: { total: 1_000, currency: 'CNY' }, ...fields })
  const create = (fields: Record<string, unknown> = {}, overrides: Partial<Parameters<typeof signedFetch>[1]> = {}) =>
    signedFetch(api.baseUrl, { method: 'POST', target: '/v3/pay/transactions/native', body: orderBody(fields), ...shop, ...overrides })
  const orders = async () => Number((await h.t.db.read((tx) => tx.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM merchant_orders')))!.n)
  const answer = async (response: Response) => ({ status: response.status, signed: response.headers.has('wechatpay-signature'), ...(response.status === 204 ? {} : ((await response.json()) as object)) })

  it('a forged, stale, tampered or misdirected request is 401 SIGN_ERROR and makes nothing', async () => {
    const now = Math.floor(Date.now() / 1000)
    const refusals = [
      await create({}, { privateKeyPem: other.privateKeyPem }), // signed with another key than its serial names
      await create({}, { timestamp: now - 400 }), // stale (the window is ±300 s)
      await create({}, { timestamp: now + 400 }), // from the future
      await create({}, { signedBody: orderBody({ amount: { total: 1 } }) }), // the body was changed after signing
      await create({}, { serial: other.serial, privateKeyPem: other.privateKeyPem }), // another merchant's key for this mchid
      await create({}, { serial: 'ABCDEF0123' }), // no such key
      await fetch(`${api.baseUrl}/v3/pay/transactions/native`, { method: 'POST', body: orderBody() }), // no Authorization at all
    ]
    for (const response of refusals) expect(await answer(response)).toMatchObject({ status: 401, code: 'SIGN_ERROR', signed: true })
    expect(await orders()).toBe(0)
    // A request that failed its check did not use its nonce: the shop's retry with it succeeds.
    expect((await create({}, { nonce: 'nonce-of-a-forgery', privateKeyPem: other.privateKeyPem })).status).toBe(401)
    expect((await create({}, { nonce: 'nonce-of-a-forgery' })).status).toBe(200)
    expect(await orders()).toBe(1)
  })

  it('a replayed request (the same nonce in the window) is refused; a revoked key stops working', async () => {
    const first = await create({}, { nonce: 'once-only-nonce' })
    expect(first.status).toBe(200)
    expect(await answer(await create({}, { nonce: 'once-only-nonce' }))).toMatchObject({ status: 401, code: 'SIGN_ERROR', detail: { field: 'nonce_str' } })
    const owner = (await h.services.core.users.byTelegramId(BigInt(bob.id)))!
    await h.services.core.merchantApi.revokeKey({ ownerUserId: owner.id, serialNo: shop.serial.toLowerCase(), by: 'operator' })
    expect((await create({ out_trade_no: 'ORDER-0002' })).status).toBe(401)
    expect(await orders()).toBe(1)
  })

  it('the same out_trade_no with other fields is 403 OUT_TRADE_NO_USED; malformed fields are 400 PARAM_ERROR naming them', async () => {
    expect((await create()).status).toBe(200)
    expect(await answer(await create({ amount: { total: 2_000 } }))).toMatchObject({ status: 403, code: 'OUT_TRADE_NO_USED' })
    const malformed = [
      await create({ out_trade_no: 'bad no!' }),
      await create({ out_trade_no: 'ORDER-0003', amount: { total: 12.5 } }),
      await create({ out_trade_no: 'ORDER-0004', amount: { total: -1 } }),
      await create({ out_trade_no: 'ORDER-0005', description: '' }),
      await create({ out_trade_no: 'ORDER-0006', description: 'x'.repeat(128) }),
      await create({ out_trade_no: 'ORDER-0007', time_expire: 'tomorrow' }),
    ]
    expect(await Promise.all(malformed.map(answer))).toMatchObject([
      { status: 400, code: 'PARAM_ERROR', detail: { field: 'out_trade_no' } },
      { status: 400, code: 'PARAM_ERROR', detail: { field: 'amount.total' } },
      { status: 400, code: 'PARAM_ERROR', detail: { field: 'amount.total' } },
      { status: 400, code: 'PARAM_ERROR', detail: { field: 'description' } },
      { status: 400, code: 'PARAM_ERROR', detail: { field: 'description' } },
      { status: 400, code: 'PARAM_ERROR', detail: { field: 'time_expire' } },
    ])
    expect(await answer(await create({ out_trade_no: 'ORDER-0008', appid: other.appid }))).toMatchObject({ status: 400, code: 'APPID_MCHID_NOT_MATCH' })
    const notJson = await signedFetch(api.baseUrl, { method: 'POST', target: '/v3/pay/transactions/native', body: '{"appid":', ...shop })
    expect(await answer(notJson)).toMatchObject({ status: 400, code: 'PARAM_ERROR', detail: { field: 'body' } })
    const huge = await signedFetch(api.baseUrl, { method: 'POST', target: '/v3/pay/transactions/native', body: orderBody({ attach: 'x'.repeat(100_000) }), ...shop })
    expect(await answer(huge)).toMatchObject({ status: 400, code: 'PARAM_ERROR', signed: true })
    expect(await orders()).toBe(1)
  })

  it('a notify_url that is not https on a public address is refused (SSRF)', async () => {
    const urls = ['https://127.0.0.1/notify', 'https://localhost/notify', 'https://10.1.2.3/notify', 'https://[::1]/notify', 'https://[64:ff9b::7f00:1]/notify', 'https://[::127.0.0.1]/notify', 'https://169.254.169.254/latest', 'http://93.184.215.14/notify', 'https://user:pw@93.184.215.14/']
    for (const [i, url] of urls.entries()) {
      expect(await answer(await create({ out_trade_no: `ORDER-URL-${i}`, notify_url: url })), url).toMatchObject({ status: 400, code: 'PARAM_ERROR', detail: { field: 'notify_url' } })
    }
    expect(await orders()).toBe(0)
  })

  it('a refund over the paid amount, and closing a paid order, are refused; nothing moves', async () => {
    expect((await create()).status).toBe(200)
    const order = await h.t.db.read((tx) => tx.get<{ token: string }>('SELECT token FROM merchant_orders'))
    await alice.startBot(`od_${order!.token}`)
    await alice.press(alice.privateChat, h.fake.lastBotMessage(alice.privateChat)!, '✅ Pay')
    expect(await h.balanceOf(alice)).toBe(19_000n)
    const refund = (amount: Record<string, unknown>, outRefundNo = 'R-1') =>
      signedFetch(api.baseUrl, { method: 'POST', target: '/v3/refund/domestic/refunds', body: JSON.stringify({ out_trade_no: 'ORDER-0001', out_refund_no: outRefundNo, amount: { currency: 'CNY', total: 1_000, ...amount } }), ...shop })
    expect(await answer(await refund({ refund: 1_001 }))).toMatchObject({ status: 400, code: 'INVALID_REQUEST', detail: { issue: 'REFUND_TOO_LARGE' } })
    expect(await answer(await refund({ refund: 100, total: 999 }))).toMatchObject({ status: 400, code: 'PARAM_ERROR', detail: { issue: 'REFUND_TOTAL_MISMATCH' } })
    expect((await refund({ refund: 600 })).status).toBe(200)
    expect(await answer(await refund({ refund: 500 }, 'R-2'))).toMatchObject({ status: 400, code: 'INVALID_REQUEST', detail: { issue: 'REFUND_TOO_LARGE' } })
    expect(await answer(await refund({ refund: 100 }))).toMatchObject({ status: 400, code: 'INVALID_REQUEST', detail: { issue: 'OUT_REFUND_NO_USED' } })
    const close = await signedFetch(api.baseUrl, { method: 'POST', target: '/v3/pay/transactions/out-trade-no/ORDER-0001/close', body: JSON.stringify({ mchid: shop.mchid }), ...shop })
    expect(await answer(close)).toMatchObject({ status: 403, code: 'TRADE_ERROR', detail: { issue: 'ORDER_PAID' } })
    expect(await h.balanceOf(alice)).toBe(19_600n)
    // Another merchant cannot see or refund this merchant's order.
    const foreign = await signedFetch(api.baseUrl, { method: 'GET', target: `/v3/pay/transactions/out-trade-no/ORDER-0001?mchid=${other.mchid}`, ...other })
    expect(await answer(foreign)).toMatchObject({ status: 404, code: 'ORDER_NOT_EXIST' })
  })

  it('a merchant over its rate gets 429 FREQUENCY_LIMITED', async () => {
    const slow = await startMerchantApi(h, { ratePerSecond: 5 })
    const started = Date.now()
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => signedFetch(slow.baseUrl, { method: 'GET', target: `/v3/pay/transactions/out-trade-no/NOTHING-HERE?mchid=${shop.mchid}`, ...shop })),
    )
    const secondsSpanned = Math.floor(Date.now() / 1000) - Math.floor(started / 1000) + 1
    await slow.stop()
    const statuses = answers.map((response) => response.status)
    // 40 at once: five pass in each second they spread over, the rest are refused.
    expect(statuses.filter((status) => status !== 429).length).toBeLessThanOrEqual(5 * secondsSpanned)
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0)
    expect(statuses.every((status) => status === 404 || status === 429)).toBe(true)
  })

  it('an unknown path is a signed 404; a malformed transaction id is 400; asking again for a closed order is ORDER_CLOSED', async () => {
    const unknown = await signedFetch(api.baseUrl, { method: 'GET', target: '/v3/pay/transactions/no-such-thing', ...shop })
    expect(await answer(unknown)).toMatchObject({ status: 404, code: 'RESOURCE_NOT_EXISTS', signed: true })
    const malformed = await signedFetch(api.baseUrl, { method: 'GET', target: `/v3/pay/transactions/id/not-a-number?mchid=${shop.mchid}`, ...shop })
    expect(await answer(malformed)).toMatchObject({ status: 400, code: 'PARAM_ERROR', detail: { field: 'transaction_id' } })
    expect((await create()).status).toBe(200)
    const close = await signedFetch(api.baseUrl, { method: 'POST', target: '/v3/pay/transactions/out-trade-no/ORDER-0001/close', body: JSON.stringify({ mchid: shop.mchid }), ...shop })
    expect(close.status).toBe(204)
    expect(await answer(await create())).toMatchObject({ status: 400, code: 'ORDER_CLOSED' })
  })
})

import { createPublicKey, createVerify } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Pay from 'wechatpay-node-v3'
import type { FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { testConfig } from '../helpers/db.js'
import { setPassword, typeOn } from '../helpers/keypad.js'
import { notificationReceiver, sdkFor, shopWorld, signedFetch, startMerchantApi, type ShopKeys } from '../helpers/shop.js'

/*
 * A shop's server integrating with the public SDK (wechatpay-node-v3, unmodified): it makes
 * an order, a buyer pays it in the bot, the shop is notified, queries it, refunds it in two
 * parts and closes another order — every answer signed and checked.
 */
describe('merchant API, end to end with wechatpay-node-v3', () => {
  let h: BotHarness
  let api: Awaited<ReturnType<typeof startMerchantApi>>
  let receiver: Awaited<ReturnType<typeof notificationReceiver>>
  let keys: ShopKeys
  let pay: Pay
  let alice: FakeUser
  let bob: FakeUser
  let credentials: { appid: string; mchid: string; apiV3Key: string }
  let serial: string

  beforeEach(async () => {
    // Up to ¥20 a payment without the password.
    const wallet = testConfig({ passwordFree: { paymentMinor: 2_000n, dailyMinor: 100_000n, paymentCapMinor: 50_000n, dailyCapMinor: 100_000n, withoutPasswordDailyMinor: 100_000n } })
    h = await startBotHarness({ overrides: { wallet, shopNotifications: { allowPrivate: true, jitter: () => 0 } } })
    const world = await shopWorld(h, { certificate: true }) // node-v3 reads its serial from the certificate
    alice = world.alice
    bob = world.bob
    keys = world.shop.keys
    credentials = { appid: world.shop.appid, mchid: world.shop.mchid, apiV3Key: world.shop.apiV3Key }
    serial = world.shop.serial
    api = await startMerchantApi(h)
    receiver = await notificationReceiver()
    pay = sdkFor(api.baseUrl, credentials, keys)
  })
  afterEach(async () => {
    await api.stop()
    await receiver.close()
    await h.assertAudit()
    await h.dispose()
  })

  /** The buyer opens the code_url (the QR's t.me link) and presses Pay on the order card. */
  async function payInBot(codeUrl: string) {
    await alice.startBot(new URL(codeUrl).searchParams.get('start')!)
    const card = h.fake.lastBotMessage(alice.privateChat)!
    return h.fake.callbackAnswer(await alice.press(alice.privateChat, card, '✅ Pay'))?.text
  }

  /** What the shop's own code does with a notification: the SDK verifies its signature, then decrypts its resource. */
  async function openNotification(index: number) {
    const { headers, body } = receiver.received[index]!
    const verified = await pay.verifySign({
      timestamp: String(headers['wechatpay-timestamp']),
      nonce: String(headers['wechatpay-nonce']),
      serial: String(headers['wechatpay-serial']),
      signature: String(headers['wechatpay-signature']),
      body,
      apiSecret: credentials.apiV3Key,
    })
    const notification = JSON.parse(body)
    const { ciphertext, associated_data, nonce } = notification.resource
    return { verified, notification, resource: pay.decipher_gcm<Record<string, any>>(ciphertext, associated_data, nonce, credentials.apiV3Key) }
  }

  it('order → paid in the bot → notified → query SUCCESS → two partial refunds, each notified → refund query; another order closed', async () => {
    const created = await pay.transactions_native({ description: 'Beef noodles', out_trade_no: 'SHOP-20261203-0001', notify_url: receiver.url, amount: { total: 1_250, currency: 'CNY' }, attach: 'table 7' })
    expect(created.status).toBe(200)
    const codeUrl = (created.data as { code_url: string }).code_url
    expect(codeUrl).toMatch(/^https:\/\/t\.me\/lingqian_test_bot\?start=od_/)
    // The same request again (a shop retrying a timeout) gives the same order.
    const again = await pay.transactions_native({ description: 'Beef noodles', out_trade_no: 'SHOP-20261203-0001', notify_url: receiver.url, amount: { total: 1_250, currency: 'CNY' }, attach: 'table 7' })
    expect(again.data).toEqual(created.data)

    const unpaid = await pay.query({ out_trade_no: 'SHOP-20261203-0001' })
    expect(unpaid.data).toMatchObject({ trade_state: 'NOTPAY', out_trade_no: 'SHOP-20261203-0001', mchid: credentials.mchid, appid: credentials.appid })

    expect(await payInBot(codeUrl)).toBe('Payment successful · ¥12.50. Balance: ¥187.50')
    expect(await h.services.shopNotifier.deliverDue()).toBe(1)
    expect(receiver.received).toHaveLength(1)
    const paid = await openNotification(0)
    expect(paid.verified).toBe(true)
    expect(paid.notification).toMatchObject({ event_type: 'TRANSACTION.SUCCESS', resource_type: 'encrypt-resource', resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM' } })
    expect(paid.resource).toMatchObject({ trade_state: 'SUCCESS', trade_type: 'NATIVE', out_trade_no: 'SHOP-20261203-0001', attach: 'table 7', amount: { total: 1_250, payer_total: 1_250, currency: 'CNY' } })
    // The payer is a pseudonym for this merchant, never their Telegram id or name.
    expect(paid.resource.payer.openid).toMatch(/^o[\w-]{27}$/)
    expect(JSON.stringify(paid.resource)).not.toContain(String(alice.id))
    expect(paid.resource.success_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)

    const byNumber = await pay.query({ out_trade_no: 'SHOP-20261203-0001' })
    expect(byNumber.data).toMatchObject({ trade_state: 'SUCCESS', transaction_id: paid.resource.transaction_id, payer: paid.resource.payer })
    const byId = await pay.query({ transaction_id: paid.resource.transaction_id })
    expect(byId.data).toEqual(byNumber.data)

    const first = await pay.refunds({ out_trade_no: 'SHOP-20261203-0001', out_refund_no: 'RF-1', reason: 'cold soup', amount: { refund: 450, total: 1_250, currency: 'CNY' } })
    expect(first.data).toMatchObject({ status: 'SUCCESS', out_refund_no: 'RF-1', amount: { refund: 450, total: 1_250 } })
    const repeated = await pay.refunds({ out_trade_no: 'SHOP-20261203-0001', out_refund_no: 'RF-1', reason: 'cold soup', amount: { refund: 450, total: 1_250, currency: 'CNY' } })
    expect(repeated.data).toEqual(first.data) // idempotent by out_refund_no: refunded once
    const second = await pay.refunds({ transaction_id: paid.resource.transaction_id, out_refund_no: 'RF-2', amount: { refund: 800, total: 1_250, currency: 'CNY' } })
    expect(second.data).toMatchObject({ status: 'SUCCESS', amount: { refund: 800 } })
    const over = await pay.refunds({ out_trade_no: 'SHOP-20261203-0001', out_refund_no: 'RF-3', amount: { refund: 1, total: 1_250, currency: 'CNY' } })
    expect(over.status).toBe(400)
    expect(await h.balanceOf(alice)).toBe(20_000n)

    // One order's notifications go out in order: the second refund's waits for the first's.
    expect([await h.services.shopNotifier.deliverDue(), await h.services.shopNotifier.deliverDue(), await h.services.shopNotifier.deliverDue()]).toEqual([1, 1, 0])
    const refunds = [await openNotification(1), await openNotification(2)]
    expect(refunds.map((r) => r.verified)).toEqual([true, true])
    expect(refunds.map((r) => [r.notification.event_type, r.resource.out_refund_no, r.resource.refund_status, r.resource.amount.refund])).toEqual([
      ['REFUND.SUCCESS', 'RF-1', 'SUCCESS', 450],
      ['REFUND.SUCCESS', 'RF-2', 'SUCCESS', 800],
    ])
    expect((await pay.find_refunds('RF-2')).data).toEqual(second.data)
    expect((await pay.query({ out_trade_no: 'SHOP-20261203-0001' })).data).toMatchObject({ trade_state: 'REFUND' })

    await pay.transactions_native({ description: 'Dumplings', out_trade_no: 'SHOP-20261203-0002', notify_url: receiver.url, amount: { total: 900 } })
    const closed = await pay.close('SHOP-20261203-0002')
    expect(closed.status).toBe(204)
    expect((await pay.query({ out_trade_no: 'SHOP-20261203-0002' })).data).toMatchObject({ trade_state: 'CLOSED' })
    const closedTwice = await pay.close('SHOP-20261203-0002')
    expect(closedTwice.status).toBe(204)
    const paidClose = await pay.close('SHOP-20261203-0001')
    expect(paidClose.status).toBe(403)
  })

  it('every answer is signed by the platform key, errors and 204 included, and the certificate the SDK fetched holds that key', async () => {
    const platform = await h.services.core.merchantApi.platformKey()
    const shop = { mchid: credentials.mchid, serial: serial, privateKeyPem: keys.privateKeyPem }
    const order = JSON.stringify({ appid: credentials.appid, mchid: credentials.mchid, description: 'Tea', out_trade_no: 'SHOP-SIGNED-1', notify_url: receiver.url, amount: { total: 300 } })
    const answers = [
      await signedFetch(api.baseUrl, { ...shop, method: 'POST', target: '/v3/pay/transactions/native', body: order }),
      await signedFetch(api.baseUrl, { ...shop, method: 'GET', target: `/v3/pay/transactions/out-trade-no/NO-SUCH-ORDER?mchid=${credentials.mchid}` }),
      await signedFetch(api.baseUrl, { ...shop, method: 'POST', target: '/v3/pay/transactions/out-trade-no/SHOP-SIGNED-1/close', body: JSON.stringify({ mchid: credentials.mchid }) }),
    ]
    expect(answers.map((answer) => answer.status)).toEqual([200, 404, 204])
    for (const answer of answers) {
      const text = await answer.text()
      const header = (name: string) => answer.headers.get(name) ?? ''
      const message = `${header('wechatpay-timestamp')}\n${header('wechatpay-nonce')}\n${text}\n`
      expect(createVerify('RSA-SHA256').update(message).verify(createPublicKey(platform.publicKeyPem), header('wechatpay-signature'), 'base64')).toBe(true)
      expect(header('wechatpay-serial')).toBe(platform.serialNo)
      expect(header('request-id')).not.toBe('')
      if (answer.status === 404) expect(JSON.parse(text)).toMatchObject({ code: 'ORDER_NOT_EXIST' })
    }
    // Public-key mode (as WeChat Pay sets new merchants up): answers name the key by its PUB_KEY_ID_….
    await bob.send(bob.privateChat, '/merchant api mode public-key')
    expect(h.fake.lastBotMessage(bob.privateChat)!.plainText).toMatch(/now name the platform key by its public key ID/)
    const inPublicKeyMode = await signedFetch(api.baseUrl, { ...shop, method: 'GET', target: `/v3/pay/transactions/out-trade-no/SHOP-SIGNED-1?mchid=${credentials.mchid}` })
    const text = await inPublicKeyMode.text()
    const header = (name: string) => inPublicKeyMode.headers.get(name) ?? ''
    expect(header('wechatpay-serial')).toBe(platform.publicKeyId)
    expect(createVerify('RSA-SHA256').update(`${header('wechatpay-timestamp')}\n${header('wechatpay-nonce')}\n${text}\n`).verify(createPublicKey(platform.publicKeyPem), header('wechatpay-signature'), 'base64')).toBe(true)
    await bob.send(bob.privateChat, '/merchant api mode certificate')
    // Certificate mode: the SDK fetches /v3/certificates, decrypts the certificate with its APIv3 key and keeps its public key.
    await (pay as unknown as { fetchCertificates(apiSecret: string): Promise<void> }).fetchCertificates(credentials.apiV3Key)
    expect((Pay as unknown as { certificates: Record<string, string> }).certificates[platform.serialNo]?.replace(/\s/g, '')).toBe(platform.publicKeyPem.replace(/\s/g, ''))
  })

  it("a refund the owner makes in the bot on an API order: the shop is notified (REFUND.SUCCESS) and can query it by its refund_id", async () => {
    const created = await pay.transactions_native({ description: 'Soup', out_trade_no: 'SHOP-BOT-REFUND', notify_url: receiver.url, amount: { total: 1_500 } })
    await payInBot((created.data as { code_url: string }).code_url)
    await h.services.shopNotifier.deliverDue()
    const orderNumber = (await h.t.db.read((tx) => tx.get<{ id: unknown }>(`SELECT id FROM merchant_orders WHERE out_trade_no = 'SHOP-BOT-REFUND'`)))!.id
    await setPassword(h, bob, '274916')
    await bob.send(bob.privateChat, `/refund ${orderNumber} 5`)
    const card = h.fake.lastBotMessage(bob.privateChat)!
    await bob.press(bob.privateChat, card, '✅ Confirm refund')
    expect(await typeOn(h, bob, h.fake.message(bob.privateChat, card.id)!, '274916')).toBe('Refund done.')
    expect(await h.services.shopNotifier.deliverDue()).toBe(1)
    const refunded = await openNotification(1)
    expect(refunded.verified).toBe(true)
    expect(refunded.resource).toMatchObject({ out_trade_no: 'SHOP-BOT-REFUND', refund_status: 'SUCCESS', amount: { refund: 500, total: 1_500 } })
    expect(refunded.resource.out_refund_no).toBe(refunded.resource.refund_id)
    const queried = await pay.find_refunds(refunded.resource.refund_id)
    expect(queried.data).toMatchObject({ status: 'SUCCESS', refund_id: refunded.resource.refund_id, amount: { refund: 500 } })
  })
})

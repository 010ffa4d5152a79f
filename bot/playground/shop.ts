import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto'
import type { HttpBindings } from '@hono/node-server'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import QRCode from 'qrcode'
import { parseAmount } from '../../core/money/index.js'
import { openResource, requestMessage, responseMessage, rsaPublicKeyFromPem, signRsa, verifyRsa } from '../../core/merchant-api/wire-crypto.js'
import type { BotServices } from '../context.js'

/*
 * The shop in the playground: Carol's café, whose server is this module. It holds the shop's
 * RSA key and APIv3 key as a real shop's server would, and talks to the merchant API over
 * HTTP on the playground's own port — signed requests out, signed and encrypted notifications
 * in, checked as a WeChat Pay SDK checks them — so online payment can be tried end to end.
 */

export interface PlaygroundShop {
  name: string
  mchid: string
  appid: string
  serial: string
  privateKey: KeyObject
  apiV3Key: string
  platformPublicKey: KeyObject
  /** What the shop's notification endpoint received and verified, by out_trade_no. */
  notices: Map<string, { tradeState: string; transactionId: string; at: number }>
}

export const SHOP_NAME = "Carol's Café"

/** Opens Carol's merchant and registers the shop server's key for it, as the merchant CLI would. */
export async function openShop(services: BotServices, ownerUserId: number): Promise<PlaygroundShop> {
  const { core } = services
  await core.merchants.create({ ownerUserId, name: SHOP_NAME, category: 'Food' })
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const issued = await core.merchantApi.registerKey({ ownerUserId, keyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string, by: 'operator' })
  const platform = await core.merchantApi.platformKey()
  return {
    name: SHOP_NAME,
    mchid: issued.mchid,
    appid: issued.appid,
    serial: issued.merchantSerialNo,
    privateKey: createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
    apiV3Key: issued.apiV3Key!,
    platformPublicKey: rsaPublicKeyFromPem(platform.publicKeyPem),
    notices: new Map(),
  }
}

type Env = { Bindings: HttpBindings }

/** The shop server's routes under `/playground/shop/`: create an order, its status, the notify endpoint. */
export function shopRoutes(current: () => PlaygroundShop | undefined, baseUrl: () => string): Hono<Env> {
  const routes = new Hono<Env>()
  routes.use(bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json({ error: 'too large' }, 413) }))
  routes.use(async (c, next) => (current() ? next() : c.json({ error: 'resetting' }, 503)))

  routes.get('/', (c) => c.json({ name: current()!.name, mchid: current()!.mchid }))

  routes.post('/orders', async (c) => {
    const shop = current()!
    const body = (await c.req.json().catch(() => ({}))) as { amount?: unknown; description?: unknown }
    let total: bigint
    try {
      total = parseAmount(String(body.amount ?? ''), { currency: 'CNY', maxMinor: 100_000_00n })
    } catch {
      return c.json({ error: 'amount' }, 400)
    }
    const outTradeNo = `PG${Date.now()}${randomBytes(3).toString('hex')}`
    const order = { appid: shop.appid, mchid: shop.mchid, description: String(body.description || shop.name).slice(0, 127), out_trade_no: outTradeNo, notify_url: `${baseUrl()}playground/shop/notify`, amount: { total: Number(total), currency: 'CNY' } }
    const answer = await signedCall(shop, baseUrl(), 'POST', '/v3/pay/transactions/native', JSON.stringify(order))
    if (answer.status !== 200) return c.json({ error: answer.body }, 502)
    const codeUrl = (answer.body as { code_url: string }).code_url
    return c.json({ outTradeNo, codeUrl, qr: await QRCode.toDataURL(codeUrl, { margin: 2, width: 280 }) })
  })

  routes.get('/orders/:outTradeNo', async (c) => {
    const shop = current()!
    const outTradeNo = c.req.param('outTradeNo')
    const answer = await signedCall(shop, baseUrl(), 'GET', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${shop.mchid}`)
    const tradeState = answer.status === 200 ? (answer.body as { trade_state: string }).trade_state : null
    return c.json({ tradeState, notice: shop.notices.get(outTradeNo) ?? null })
  })

  // WeChat Pay's notification: its signature checked with the platform key, its resource decrypted with the APIv3 key.
  routes.post('/notify', async (c) => {
    const shop = current()!
    const raw = await c.req.text()
    const signed = responseMessage(c.req.header('wechatpay-timestamp') ?? '', c.req.header('wechatpay-nonce') ?? '', raw)
    if (!verifyRsa(shop.platformPublicKey, signed, c.req.header('wechatpay-signature') ?? '')) return c.json({ code: 'FAIL', message: 'bad signature' }, 401)
    const { resource } = JSON.parse(raw) as { resource: { ciphertext: string; nonce: string; associated_data: string } }
    const paid = JSON.parse(openResource(shop.apiV3Key, resource)) as { out_trade_no: string; trade_state: string; transaction_id: string }
    shop.notices.set(paid.out_trade_no, { tradeState: paid.trade_state, transactionId: paid.transaction_id, at: Date.now() })
    return c.body(null, 204)
  })
  return routes
}

async function signedCall(shop: PlaygroundShop, baseUrl: string, method: 'GET' | 'POST', target: string, body = ''): Promise<{ status: number; body: unknown }> {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const nonce = randomBytes(16).toString('hex')
  const signature = signRsa(shop.privateKey, requestMessage(method, target, timestamp, nonce, body))
  const authorization = `WECHATPAY2-SHA256-RSA2048 mchid="${shop.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${shop.serial}"`
  const response = await fetch(new URL(target, baseUrl), { method, headers: { authorization, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) }, body: body || undefined })
  return { status: response.status, body: await response.json().catch(() => null) }
}

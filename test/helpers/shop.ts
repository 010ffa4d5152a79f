import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import pino from 'pino'
import Pay from 'wechatpay-node-v3'
import { PayRequest } from 'wechatpay-node-v3/dist/lib/pay-request.js'
import { selfSignedCertificate } from '../../core/merchant-api/platform-certificate.js'
import { requestMessage, signRsa } from '../../core/merchant-api/wire-crypto.js'
import { httpApp, listen } from '../../bot/http/server.js'
import type { FakeUser } from '../../bot/telegram-emulator/index.js'
import type { BotHarness } from './bot-harness.js'

/*
 * A shop, as the merchant API's tests play it: its own RSA key and certificate, the public
 * SDK (wechatpay-node-v3, unmodified) pointed at our server, hand-signed requests for what an
 * SDK would never send, and a server of its own that receives notifications.
 */

export const WECHAT_BASE = 'https://api.mch.weixin.qq.com'

export interface ShopKeys {
  privateKeyPem: string
  certificatePem: string
  publicKeyPem: string
}

export function shopKeys(): ShopKeys {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const serial = randomBytes(16)
  serial[0] = serial[0]! | 0x80 // top bit set: node-v3 then names it with a leading 00, which the server must ignore
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    certificatePem: selfSignedCertificate({ publicKey, privateKey, serial, commonName: 'Test shop', notBefore: new Date(Date.now() - 86_400_000), validYears: 1 }),
  }
}

/** The merchant API on a free loopback port, over the harness's bot. */
export async function startMerchantApi(h: BotHarness, options: { allowPrivateNotify?: boolean; ratePerSecond?: number } = {}) {
  const app = httpApp({
    merchantApi: {
      core: h.services.core,
      i18n: h.services.i18n,
      log: pino({ level: 'silent' }),
      botUsername: h.fake.bot.username,
      allowPrivateNotify: options.allowPrivateNotify ?? true,
      ratePerSecond: options.ratePerSecond ?? 1000,
    },
  })
  const listening = await listen(app, 0, '127.0.0.1')
  return { baseUrl: `http://127.0.0.1:${(listening.server.address() as AddressInfo).port}`, stop: listening.stop }
}

/** The SDK as a shop configures it, its HTTP pointed at our server instead of WeChat Pay's host. */
export function sdkFor(baseUrl: string, credentials: { appid: string; mchid: string; apiV3Key: string }, keys: ShopKeys): Pay {
  const pay = new Pay({ appid: credentials.appid, mchid: credentials.mchid, publicKey: Buffer.from(keys.certificatePem), privateKey: Buffer.from(keys.privateKeyPem), key: credentials.apiV3Key })
  const http = new PayRequest()
  const local = (url: string) => url.replace(WECHAT_BASE, baseUrl)
  pay.createHttp({
    post: (url: string, params: unknown, headers: unknown) => http.post(local(url), params as never, headers as never),
    get: (url: string, headers: unknown) => http.get(local(url), headers as never),
    put: () => Promise.reject(new Error('not used')),
    upload: () => Promise.reject(new Error('not used')),
  } as never)
  return pay
}

/** A request signed by hand (what no SDK would send: stale, replayed, tampered, another key). */
export function signedFetch(baseUrl: string, request: { method: string; target: string; body?: string; mchid: string; serial: string; privateKeyPem: string; timestamp?: number; nonce?: string; signedBody?: string }) {
  const timestamp = String(request.timestamp ?? Math.floor(Date.now() / 1000))
  const nonce = request.nonce ?? randomBytes(12).toString('hex')
  const body = request.body ?? ''
  const signature = signRsa(createPrivateKey(request.privateKeyPem), requestMessage(request.method, request.target, timestamp, nonce, request.signedBody ?? body))
  const authorization = `WECHATPAY2-SHA256-RSA2048 serial_no="${request.serial}",signature="${signature}",timestamp="${timestamp}",mchid="${request.mchid}",nonce_str="${nonce}"`
  return fetch(baseUrl + request.target, { method: request.method, headers: { authorization, 'content-type': 'application/json', accept: 'application/json' }, body: request.method === 'GET' ? undefined : body })
}


export interface ReceivedNotification {
  headers: IncomingHttpHeaders
  body: string
  at: number
}

/** The shop's notification endpoint: records every POST and answers what `respond` says (200 by default). */
export async function notificationReceiver(respond: (attempt: number) => 'ok' | 'fail' | 'hang' = () => 'ok') {
  const received: ReceivedNotification[] = []
  let attempts = 0
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const outcome = respond(++attempts)
      if (outcome === 'hang') return // never answers: the sender's timeout must end it
      if (outcome === 'ok') received.push({ headers: req.headers, body, at: Date.now() })
      res.writeHead(outcome === 'ok' ? 200 : 500).end(outcome === 'ok' ? '' : '{"code":"FAIL","message":"busy"}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat/notify`,
    received,
    attempts: () => attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export interface Shop {
  mchid: string
  appid: string
  /** The serial its key goes by, as the server issued or read it. */
  serial: string
  privateKeyPem: string
  apiV3Key: string
  keys: ShopKeys
}

/** Registers a key for `owner`'s merchant (their certificate, or else their public key): the shop's server credentials. */
export async function registerShop(h: BotHarness, owner: FakeUser, options: { certificate?: boolean } = {}): Promise<Shop> {
  const keys = shopKeys()
  const user = (await h.services.core.users.byTelegramId(BigInt(owner.id)))!
  const issued = await h.services.core.merchantApi.registerKey({ ownerUserId: user.id, keyPem: options.certificate ? keys.certificatePem : keys.publicKeyPem, by: 'operator' })
  return { mchid: issued.mchid, appid: issued.appid, serial: issued.merchantSerialNo, privateKeyPem: keys.privateKeyPem, apiV3Key: issued.apiV3Key!, keys }
}

/** Alice with ¥200, Bob's merchant Lucky Noodles, and its server's credentials. */
export async function shopWorld(h: BotHarness, options: { certificate?: boolean } = {}) {
  const alice = h.fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
  const bob = h.fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'en' })
  for (const user of [h.admin, alice, bob]) await user.startBot()
  await h.admin.send(h.admin.privateChat, '/topup @alice 200')
  await bob.send(bob.privateChat, '/merchant Lucky Noodles | Restaurant')
  return { alice, bob, shop: await registerShop(h, bob, options) }
}

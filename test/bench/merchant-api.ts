/**
 * Merchant API. Create-order (`POST /v3/pay/transactions/native`, WeChat Pay APIv3 Native)
 * throughput (requests/s) and p50 / p99 latency over real HTTP on loopback, on the engine
 * DATABASE_URL names: the whole path a shop's request takes (hono on @hono/node-server,
 * RSA-SHA256 verify of the Authorization against the key in the database, the nonce used in
 * the database, the order written, the answer signed with the platform key), from CONCURRENCY
 * clients each keeping one request in flight. The clients run in a worker thread (a shop's
 * server is another process), sign every request when it is sent, as signedFetch does (the
 * private key parsed once: createPrivateKey costs three signatures), give each its own
 * out_trade_no and nonce, send it through node:http with keep-alive (undici's fetch costs
 * the client as much CPU as the baseline server spends), and time it from sending to the end
 * of the answer's body. Beside each side: how busy the server's and the clients' event loops
 * were (a client loop near 100% means the figure is the client's limit, not the server's).
 * Baseline: a bare node:http server doing the same cryptography per request and nothing
 * else (no database, no framework): parse the Authorization, verify its RSA-SHA256 with the
 * merchant's public key, sign a `{"code_url":"…"}` answer with the platform key and set the
 * four Wechatpay-* headers. The same client, concurrency and count; the two sides alternate
 * over ROUNDS rounds (ABBA order) and pool, so a noisy machine favours neither. Figure: the
 * merchant API's throughput / the baseline's, target ≥ 0.5×. Fails on any answer that is not
 * a 200 with a code_url and the Wechatpay-* headers, on a sampled answer (every
 * VERIFY_EVERY-th) whose signature the platform public key does not verify, on orders or
 * nonces in the database other than one per request, or on the ledger's audit.
 */
import { createPrivateKey, createPublicKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto'
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import type { PlatformKey } from '../../core/merchant-api/platform-key.js'
import { requestMessage, responseMessage, signRsa, verifyRsa } from '../../core/merchant-api/wire-crypto.js'
import { signatureHeaders } from '../../bot/http/merchant-api/signed-reply.js'
import { ms, pct, pooled, range, timed, type BenchResult } from './stats.js'

const REQUESTS = Number(process.env.BENCH_MERCHANT_API_REQUESTS ?? 2_000)
const WARM_UP = Number(process.env.BENCH_MERCHANT_API_WARMUP ?? 200)
const CONCURRENCY = Number(process.env.BENCH_MERCHANT_API_CONCURRENCY ?? 16)
const ROUNDS = Number(process.env.BENCH_MERCHANT_API_ROUNDS ?? 3)
const VERIFY_EVERY = 50
const TARGET = 0.5
const TARGET_PATH = '/v3/pay/transactions/native'
/** Nothing listens there, and nothing is sent: an order's notification goes out only once it is paid. */
const NOTIFY_URL = 'http://127.0.0.1:9/notify'
const CLIENT_ROLE = 'merchant-api-bench-client'
const row = (label: string, value: string) => console.log(`  ${label.padEnd(56)} ${value}`)

/** What the client worker is told once: the shop's credentials and the key its answers must be signed with. */
interface ClientSetup {
  role: typeof CLIENT_ROLE
  privateKeyPem: string
  mchid: string
  appid: string
  serial: string
  platformPublicKeyPem: string
  platformSerial: string
}

/** One run: `count` create-orders to `baseUrl`, `concurrency` in flight, out_trade_no `${tag}…`. */
interface ClientJob {
  baseUrl: string
  count: number
  concurrency: number
  tag: string
}

interface ClientReport {
  /** Per request, ns from sending (signed) to the end of the answer's body. */
  latencies: Float64Array
  wallNs: number
  failures: string[]
  failed: number
  verified: number
  /** The client thread's event-loop utilization over the run (1: the client, not the server, was the limit). */
  clientBusy: number
}

interface Side {
  name: string
  baseUrl: string
  runs: ClientReport[]
  serverBusy: number[]
}

export async function runMerchantApiBench(): Promise<BenchResult> {
  // Loaded here, not at the top: the client worker imports this module too, and needs none of the bot.
  const [{ startBotHarness }, { ENGINE }, { shopKeys, startMerchantApi }, { audit }] = await Promise.all([
    import('../helpers/bot-harness.js'),
    import('../helpers/db.js'),
    import('../helpers/shop.js'),
    import('../../core/audit/auditor.js'),
  ])
  const perRound = Math.ceil(REQUESTS / ROUNDS)
  console.log(`\ncreate-order (POST ${TARGET_PATH}) on ${ENGINE}: ${CONCURRENCY} in flight, ${ROUNDS} rounds × ${perRound} per side after ${WARM_UP} warm-up each`)
  const cleanups: Array<() => Promise<unknown>> = []
  try {
    const { h, issued, api, baseline, client } = await timed('setup: the bot, a merchant with an API key, the merchant API and the baseline on loopback', async () => {
      const h = await startBotHarness()
      cleanups.unshift(() => h.dispose())
      const owner = h.fake.user({ firstName: 'Bench', username: 'bench_shop', languageCode: 'en' })
      await owner.startBot()
      await owner.send(owner.privateChat, '/merchant Lucky Noodles | Restaurant')
      const keys = shopKeys()
      const user = await h.services.core.users.byTelegramId(BigInt(owner.id))
      if (!user) throw new Error('the shop owner has no wallet')
      const issued = await h.services.core.merchantApi.registerKey({ ownerUserId: user.id, keyPem: keys.certificatePem, by: 'operator' })
      const platform = await h.services.core.merchantApi.platformKey()
      // No per-merchant rate: the bench is the runaway shop the limit is for.
      const api = await startMerchantApi(h, { allowPrivateNotify: true, ratePerSecond: 1_000_000_000 })
      cleanups.unshift(api.stop)
      const baseline = await startBaseline({ publicKey: createPublicKey(keys.publicKeyPem), serial: issued.merchantSerialNo, mchid: issued.mchid, platform, botUsername: h.fake.bot.username })
      cleanups.unshift(baseline.stop)
      const client = new ClientWorker({
        role: CLIENT_ROLE,
        privateKeyPem: keys.privateKeyPem,
        mchid: issued.mchid,
        appid: issued.appid,
        serial: issued.merchantSerialNo,
        platformPublicKeyPem: platform.publicKeyPem,
        platformSerial: platform.serialNo,
      })
      cleanups.unshift(() => client.close())
      return { h, issued, api, baseline, client }
    })

    const sides: Side[] = [
      { name: 'merchant API (hono, database)', baseUrl: api.baseUrl, runs: [], serverBusy: [] },
      { name: 'baseline (node:http, crypto only)', baseUrl: baseline.baseUrl, runs: [], serverBusy: [] },
    ]
    // Not timed: V8 optimizes both paths, the connections open, the statement caches fill.
    const warm: ClientReport[] = []
    for (const [i, side] of sides.entries()) warm.push(await client.run({ baseUrl: side.baseUrl, count: WARM_UP, concurrency: CONCURRENCY, tag: `W${i}-` }))
    for (let round = 0; round < ROUNDS; round++) {
      // ABBA: each side goes first as often as the other, so a drift (the tables growing, a neighbour's load) favours neither.
      const order = round % 2 === 0 ? [0, 1] : [1, 0]
      for (const i of order) {
        const side = sides[i]!
        const loop = performance.eventLoopUtilization()
        side.runs.push(await client.run({ baseUrl: side.baseUrl, count: perRound, concurrency: CONCURRENCY, tag: `R${round}S${i}-` }))
        side.serverBusy.push(performance.eventLoopUtilization(loop).utilization)
      }
    }

    const figures = sides.map((side) => {
      const latencies = pooled(side.runs.map((run) => run.latencies))
      const wallNs = side.runs.reduce((sum, run) => sum + run.wallNs, 0)
      return { side, latencies, perSecond: latencies.length / (wallNs / 1e9), rounds: side.runs.map((run) => run.latencies.length / (run.wallNs / 1e9)) }
    })
    const [merchant, bare] = figures as [(typeof figures)[0], (typeof figures)[0]]
    const ratio = merchant.perSecond / bare.perSecond
    const all = [...warm, ...sides.flatMap((side) => side.runs)]
    const failed = all.reduce((n, run) => n + run.failed, 0)
    const answers = all.reduce((n, run) => n + run.latencies.length, 0)
    const verified = all.reduce((n, run) => n + run.verified, 0)
    const apiRequests = WARM_UP + ROUNDS * perRound
    const [orders, nonces] = await h.t.db.read(async (tx) => [
      Number((await tx.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM merchant_orders WHERE merchant_id = ? AND source = 'api'`, issued.merchantId))?.n),
      Number((await tx.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM merchant_api_nonces WHERE merchant_id = ?', issued.merchantId))?.n),
    ])
    const report = await audit(h.t.db)
    const average = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length

    console.log(`\ncreate-order over loopback HTTP (${ENGINE}), ${CONCURRENCY} in flight, pooled over ${ROUNDS} rounds`)
    for (const { side, latencies, perSecond, rounds } of figures) {
      console.log(`  ${side.name}`)
      row('    req/s (per round)', `${perSecond.toFixed(0)} (${rounds.map((r) => r.toFixed(0)).join(' / ')})`)
      row('    p50 / p99', `${ms(pct(latencies, 0.5))} / ${ms(pct(latencies, 0.99))}`)
      row('    server loop busy / client loop busy', `${(average(side.serverBusy) * 100).toFixed(0)}% / ${(average(side.runs.map((run) => run.clientBusy)) * 100).toFixed(0)}%`)
    }
    row('throughput ratio merchant API / baseline', `${ratio.toFixed(2)}× (target ≥ ${TARGET.toFixed(1)}×)`)
    row('answers 200 with a code_url and Wechatpay-* headers', failed === 0 ? `${answers} / ${answers}` : `WRONG: ${failed} of ${answers} failed`)
    row(`signatures verified (every ${VERIFY_EVERY}th answer)`, `${verified}`)
    for (const failure of all.flatMap((run) => run.failures).slice(0, 5)) console.log(`    ${failure}`)
    row('orders / nonces in the database', orders === apiRequests && nonces === apiRequests ? `${orders} / ${nonces}, one per request` : `WRONG: ${orders} / ${nonces} for ${apiRequests} requests`)
    row('audit of the bot database', report.ok ? 'passed' : 'FAILED')
    return { ok: failed === 0 && verified > 0 && orders === apiRequests && nonces === apiRequests && report.ok }
  } finally {
    for (const cleanup of cleanups) await cleanup()
  }
}

// ---- the baseline: the same cryptography, no database, no framework ---------------------------

const SCHEME = 'WECHATPAY2-SHA256-RSA2048 '
const PARAMETER = /([a-z_]+)="([^"]*)"/g

async function startBaseline(on: { publicKey: KeyObject; serial: string; mchid: string; platform: PlatformKey; botUsername: string }) {
  const answer = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body)
    res.writeHead(status, { ...signatureHeaders(on.platform, text, new Date()), 'Request-ID': randomUUID(), 'Content-Type': 'application/json; charset=utf-8' }).end(text)
  }
  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const header = req.headers.authorization ?? ''
    const parameters = new Map<string, string>()
    if (header.startsWith(SCHEME)) for (const [, name, value] of header.slice(SCHEME.length).matchAll(PARAMETER)) parameters.set(name!, value!)
    const [mchid, nonce, timestamp, serial, signature] = ['mchid', 'nonce_str', 'timestamp', 'serial_no', 'signature'].map((name) => parameters.get(name) ?? '')
    const fresh = /^\d{1,12}$/.test(timestamp!) && Math.abs(Number(timestamp) - Date.now() / 1000) <= 300
    if (req.method !== 'POST' || req.url !== TARGET_PATH || !fresh || mchid !== on.mchid || serial !== on.serial || !verifyRsa(on.publicKey, requestMessage(req.method, req.url, timestamp!, nonce!, body), signature!)) {
      return answer(res, 401, { code: 'SIGN_ERROR', message: 'signature' })
    }
    answer(res, 200, { code_url: `https://t.me/${on.botUsername}?start=od_${randomBytes(12).toString('base64url')}` })
  }
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => handle(req, res, body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

// ---- the shop's side: clients in a worker thread ----------------------------------------------

type PendingRun = { resolve(report: ClientReport): void; reject(error: unknown): void }

/** The clients, in a worker of their own (this module, under tsx's loader), run by run. */
class ClientWorker {
  readonly #worker: Worker
  #pending: PendingRun | undefined

  constructor(setup: ClientSetup) {
    const loader = import.meta.resolve('tsx/esm/api')
    // A worker does not inherit tsx's hooks on this Node: it registers them, then imports this file.
    this.#worker = new Worker(`import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}) })`, { eval: true, workerData: setup })
    this.#worker.on('message', (report: ClientReport) => this.#settle((p) => p.resolve(report)))
    this.#worker.on('error', (error) => this.#settle((p) => p.reject(error)))
    this.#worker.on('exit', (code) => this.#settle((p) => p.reject(new Error(`the client worker exited (${code})`))))
  }

  run(job: ClientJob): Promise<ClientReport> {
    if (this.#pending) throw new Error('one run at a time')
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject }
      this.#worker.postMessage(job)
    })
  }

  async close(): Promise<void> {
    await this.#worker.terminate()
  }

  #settle(how: (pending: PendingRun) => void): void {
    const pending = this.#pending
    this.#pending = undefined
    if (pending) how(pending)
  }
}

if (!isMainThread && (workerData as ClientSetup | undefined)?.role === CLIENT_ROLE) {
  const setup = workerData as ClientSetup
  const privateKey = createPrivateKey(setup.privateKeyPem)
  const platformPublicKey = createPublicKey(setup.platformPublicKeyPem)
  parentPort!.on('message', (job: ClientJob) => {
    void clientRun(setup, privateKey, platformPublicKey, job).then((report) => parentPort!.postMessage(report))
  })
}

/** Keep-alive connections per server, as many as requests in flight, kept across runs. */
const agents = new Map<string, Agent>()
const agentFor = (baseUrl: string, sockets: number) => agents.get(baseUrl) ?? agents.set(baseUrl, new Agent({ keepAlive: true, maxSockets: sockets })).get(baseUrl)!

/** A POST through node:http rather than fetch: on a small machine, the CPU the client spends is the servers'. */
function post(agent: Agent, baseUrl: string, headers: Record<string, string>, body: string): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  const url = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: TARGET_PATH, method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

async function clientRun(setup: ClientSetup, privateKey: KeyObject, platformPublicKey: KeyObject, job: ClientJob): Promise<ClientReport> {
  const latencies = new Float64Array(job.count)
  const failures: string[] = []
  let failed = 0
  let verified = 0
  const fail = (k: number, problem: string) => {
    failed++
    if (failures.length < 5) failures.push(`${job.tag}${k}: ${problem}`)
  }
  const one = async (k: number) => {
    const body = JSON.stringify({
      appid: setup.appid,
      mchid: setup.mchid,
      description: 'Beef noodles',
      out_trade_no: `${job.tag}${String(k).padStart(6, '0')}`,
      notify_url: NOTIFY_URL,
      amount: { total: 100 + (k % 900), currency: 'CNY' },
    })
    // As signedFetch signs: now, a fresh nonce, RSA-SHA256 over the request, when it is sent.
    const timestamp = String(Math.floor(Date.now() / 1000))
    const nonce = randomBytes(12).toString('hex')
    const signature = signRsa(privateKey, requestMessage('POST', TARGET_PATH, timestamp, nonce, body))
    const authorization = `WECHATPAY2-SHA256-RSA2048 serial_no="${setup.serial}",signature="${signature}",timestamp="${timestamp}",mchid="${setup.mchid}",nonce_str="${nonce}"`
    const sent = process.hrtime.bigint()
    try {
      const response = await post(agentFor(job.baseUrl, job.concurrency), job.baseUrl, { authorization, 'content-type': 'application/json', accept: 'application/json' }, body)
      const text = response.text
      latencies[k] = Number(process.hrtime.bigint() - sent)
      const header = (name: string) => String(response.headers[name] ?? '')
      let codeUrl: unknown
      try {
        codeUrl = (JSON.parse(text) as { code_url?: unknown }).code_url
      } catch {
        codeUrl = undefined
      }
      if (response.status !== 200 || typeof codeUrl !== 'string' || !codeUrl.startsWith('https://t.me/')) return fail(k, `${response.status} ${text.slice(0, 200)}`)
      if (!header('wechatpay-timestamp') || !header('wechatpay-nonce') || !header('wechatpay-signature') || header('wechatpay-serial') !== setup.platformSerial) return fail(k, 'Wechatpay-* headers missing or another serial')
      if (k % VERIFY_EVERY === 0) {
        if (!verifyRsa(platformPublicKey, responseMessage(header('wechatpay-timestamp'), header('wechatpay-nonce'), text), header('wechatpay-signature'))) return fail(k, 'Wechatpay-Signature does not verify')
        verified++
      }
    } catch (error) {
      latencies[k] = Number(process.hrtime.bigint() - sent)
      fail(k, `request failed: ${String(error)}`)
    }
  }
  let next = 0
  const loop = performance.eventLoopUtilization()
  const started = process.hrtime.bigint()
  await Promise.all(range(0, Math.min(job.concurrency, job.count)).map(async () => {
    while (next < job.count) await one(next++)
  }))
  const wallNs = Number(process.hrtime.bigint() - started)
  return { latencies, wallNs, failures, failed, verified, clientBusy: performance.eventLoopUtilization(loop).utilization }
}

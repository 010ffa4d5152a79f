import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { SmsSender } from '../../core/bank/gateway.js'
import { dayRange } from '../../core/bank/reconcile.js'
import { behaviourOf } from './test-cards.js'
import type { OperationRow, SandboxStore } from './store.js'

/*
 * The sandbox bank: a bank of its own, over HTTP, for the playground and the tests. It binds
 * cards with a one-time code it texts through its SmsSender, charges and pays out under the
 * caller's operation id (sent twice, done once), answers queries about them, and lists each
 * day's settled operations. Cards behave by their last digits (test-cards.ts). Its routes:
 *   POST   /v1/bindings                 {reference, cardNumber, holderName, phone}
 *   POST   /v1/bindings/:id/confirm     {code}
 *   DELETE /v1/agreements/:id
 *   POST   /v1/charges | /v1/payouts    {operationId, agreementId, amountMinor, currency}
 *   GET    /v1/operations/:operationId  (404: never received)
 *   GET    /v1/statements/:day          (YYYY-MM-DD in its zone)
 *   POST   /sandbox/payouts             {amountMinor, currency}: a payout nobody asked for
 *                                       (a reconciliation break, for drills and tests)
 */

export interface SandboxBankOptions {
  store: SandboxStore
  sms: SmsSender
  /** The day its statements are cut by; the wallet's TZ. */
  timeZone: string
  /** Callers must send `Authorization: Bearer <apiKey>`. */
  apiKey: string
  /** Added before every answer (a slow bank). */
  latencyMs?: number
  /** How long a hanging operation (cards ending 0091, 0092) takes to settle. */
  hangMs?: number
  codeTtlMs?: number
  now?: () => number
}

const CODE_TRIES = 3
const MAX_BODY_BYTES = 16 * 1024

type Json = Record<string, unknown>
type Answer = { status: number; body?: Json } | 'hang'

export function sandboxBankServer(options: SandboxBankOptions): Server {
  const bank = new SandboxBank(options)
  return createServer((request, response) => {
    void answer(bank, options, request, response)
  })
}

async function answer(bank: SandboxBank, options: SandboxBankOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    if (!authorized(request, options.apiKey)) return send(response, { status: 401, body: { error: 'unauthorized' } })
    const body = request.method === 'POST' ? await readJson(request) : {}
    if (body === undefined) return send(response, { status: 400, body: { error: 'malformed JSON body' } })
    if (options.latencyMs) await new Promise((done) => setTimeout(done, options.latencyMs))
    const result = await bank.route(request.method ?? 'GET', new URL(request.url ?? '/', 'http://bank').pathname, body)
    if (result === 'hang') return void request.socket.destroy() // no answer: the caller cannot know what happened
    send(response, result)
  } catch (error) {
    send(response, { status: 500, body: { error: error instanceof Error ? error.message : 'failed' } })
  }
}

function authorized(request: IncomingMessage, apiKey: string): boolean {
  const given = Buffer.from(request.headers.authorization ?? '')
  const expected = Buffer.from(`Bearer ${apiKey}`)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

async function readJson(request: IncomingMessage): Promise<Json | undefined> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) return undefined
    chunks.push(chunk)
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : undefined
  } catch {
    return undefined
  }
}

function send(response: ServerResponse, result: { status: number; body?: Json }): void {
  if (response.headersSent) return
  response.writeHead(result.status, { 'content-type': 'application/json' })
  response.end(result.body ? JSON.stringify(result.body) : undefined)
}

const text = (body: Json, field: string) => (typeof body[field] === 'string' ? (body[field] as string) : '')
const badRequest = (what: string): Answer => ({ status: 400, body: { error: what } })

class SandboxBank {
  readonly #now: () => number
  constructor(private readonly options: SandboxBankOptions) {
    this.#now = options.now ?? Date.now
  }

  async route(method: string, path: string, body: Json): Promise<Answer> {
    const [, root, resource, id, action] = path.split('/')
    const key = `${method} /${root}/${resource}${id ? '/:id' : ''}${action ? `/${action}` : ''}`
    switch (key) {
      case 'POST /v1/bindings':
        return this.startBinding(body)
      case 'POST /v1/bindings/:id/confirm':
        return this.confirmBinding(id!, text(body, 'code'))
      case 'DELETE /v1/agreements/:id':
        this.options.store.endAgreement(id!)
        return { status: 204 }
      case 'POST /v1/charges':
        return this.money('charge', body)
      case 'POST /v1/payouts':
        return this.money('payout', body)
      case 'GET /v1/operations/:id':
        return this.query(id!)
      case 'GET /v1/statements/:id':
        return this.statement(id!)
      case 'POST /sandbox/payouts':
        return this.injectPayout(body)
      default:
        return { status: 404, body: { error: 'no such route' } }
    }
  }

  async startBinding(body: Json): Promise<Answer> {
    const cardNumber = text(body, 'cardNumber')
    if (!/^\d{13,19}$/.test(cardNumber) || !text(body, 'phone') || !text(body, 'reference')) return badRequest('cardNumber, phone and reference are required')
    if (behaviourOf(cardNumber) === 'invalid') return { status: 200, body: { status: 'declined', reason: 'card_invalid' } }
    const id = `bnd_${randomBytes(9).toString('base64url')}`
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
    const expiresAt = this.#now() + (this.options.codeTtlMs ?? 5 * 60_000)
    this.options.store.addBinding({ id, reference: text(body, 'reference'), card_number: cardNumber, phone: text(body, 'phone'), code, tries_left: CODE_TRIES, expires_at: expiresAt, status: 'code_sent' })
    // The sandbox's own SMS, in both languages as a Chinese bank's would be; never a real one.
    await this.options.sms.send({ phone: text(body, 'phone'), reference: text(body, 'reference'), text: `【沙盒银行 Sandbox Bank】${code} · **** ${cardNumber.slice(-4)}` })
    return { status: 200, body: { status: 'code_sent', bindingId: id, expiresAt: new Date(expiresAt).toISOString() } }
  }

  confirmBinding(id: string, code: string): Answer {
    const binding = this.options.store.binding(id)
    if (!binding || binding.status !== 'code_sent') return { status: 200, body: { status: 'too_many_tries' } }
    if (binding.expires_at <= this.#now()) return { status: 200, body: { status: 'code_expired' } }
    if (code !== binding.code) {
      const triesLeft = binding.tries_left - 1
      this.options.store.updateBinding(id, { tries_left: triesLeft, status: triesLeft > 0 ? 'code_sent' : 'failed' })
      return { status: 200, body: triesLeft > 0 ? { status: 'code_wrong', triesLeft } : { status: 'too_many_tries' } }
    }
    this.options.store.updateBinding(id, { status: 'bound' })
    const agreementId = `agr_${randomBytes(9).toString('base64url')}`
    this.options.store.addAgreement(agreementId, binding.card_number)
    return { status: 200, body: { status: 'bound', agreementId } }
  }

  money(kind: 'charge' | 'payout', body: Json): Answer {
    const operationId = text(body, 'operationId')
    const amountMinor = text(body, 'amountMinor')
    if (!operationId || !/^[1-9]\d{0,17}$/.test(amountMinor) || !text(body, 'currency')) return badRequest('operationId, amountMinor (a positive integer string) and currency are required')
    const existing = this.options.store.operation(operationId)
    if (existing) return existing.status === 'pending' ? 'hang' : { status: 200, body: outcomeOf(existing) }
    const card = this.options.store.agreementCard(text(body, 'agreementId'))
    const base = { operation_id: operationId, kind, agreement_id: text(body, 'agreementId'), amount_minor: amountMinor, currency: text(body, 'currency'), settles_as: null, settles_at: null }
    const now = this.#now()
    const decided = (status: 'succeeded' | 'declined', reason: OperationRow['reason'] = null) =>
      this.options.store.addOperation({ ...base, status, reason, bank_reference: status === 'succeeded' ? reference() : null, settled_at: status === 'succeeded' ? now : null })
    if (!card) return { status: 200, body: outcomeOf(decided('declined', 'card_not_bound')) }
    const behaviour = behaviourOf(card)
    if (behaviour === 'declined') return { status: 200, body: outcomeOf(decided('declined', 'card_declined')) }
    if (behaviour === 'insufficient_funds' && kind === 'charge') return { status: 200, body: outcomeOf(decided('declined', 'insufficient_funds')) }
    if (behaviour === 'hang_then_success' || behaviour === 'hang_then_decline') {
      this.options.store.addOperation({
        ...base,
        status: 'pending',
        reason: null,
        settles_as: behaviour === 'hang_then_success' ? 'succeeded' : 'declined',
        settles_at: now + (this.options.hangMs ?? 60_000),
        bank_reference: null,
        settled_at: null,
      })
      return 'hang'
    }
    return { status: 200, body: outcomeOf(decided('succeeded')) }
  }

  query(operationId: string): Answer {
    this.options.store.settleDue(this.#now(), reference)
    const row = this.options.store.operation(operationId)
    return row ? { status: 200, body: outcomeOf(row) } : { status: 404, body: { status: 'not_found' } }
  }

  statement(day: string): Answer {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return badRequest('day must be YYYY-MM-DD')
    this.options.store.settleDue(this.#now(), reference)
    const { from, to } = dayRange(day, this.options.timeZone)
    const lines = this.options.store.settledBetween(from.getTime(), to.getTime()).map((row) => ({
      operationId: row.operation_id,
      kind: row.kind,
      amountMinor: row.amount_minor,
      currency: row.currency,
      bankReference: row.bank_reference,
      settledAt: new Date(row.settled_at!).toISOString(),
    }))
    return { status: 200, body: { day, lines } }
  }

  injectPayout(body: Json): Answer {
    const amountMinor = text(body, 'amountMinor')
    if (!/^[1-9]\d{0,17}$/.test(amountMinor)) return badRequest('amountMinor must be a positive integer string')
    const operationId = `injected_${randomBytes(6).toString('base64url')}`
    const row = this.options.store.addOperation({
      operation_id: operationId,
      kind: 'payout',
      agreement_id: null,
      amount_minor: amountMinor,
      currency: text(body, 'currency') || 'CNY',
      status: 'succeeded',
      reason: null,
      settles_as: null,
      settles_at: null,
      bank_reference: reference(),
      settled_at: this.#now(),
    })
    return { status: 200, body: { operationId: row.operation_id } }
  }
}

const reference = () => `SBK${randomBytes(8).toString('hex').toUpperCase()}`

function outcomeOf(row: OperationRow): Json {
  if (row.status === 'succeeded') return { status: 'succeeded', bankReference: row.bank_reference }
  if (row.status === 'declined') return { status: 'declined', reason: row.reason }
  return { status: 'pending' }
}

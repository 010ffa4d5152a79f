import { BANK_DECLINES, type BankDecline, type BankGateway, type BankOutcome, type BindingConfirmation, type BindingStart, type MoneyRequest, type StatementLine } from '../../core/bank/gateway.js'
import { DomainError } from '../../core/errors.js'

/**
 * The bank gateway over HTTP (the sandbox bank speaks it; a real bank's adapter would
 * implement the same port its own way). A charge or payout that gets no answer in time — a
 * timeout, a dropped connection, a 5xx — is `unknown`, never a failure: the bank may have
 * done it, so the operation stays pending and is asked about. A binding step without an
 * answer is BANK_UNAVAILABLE: nothing was bound, the person tries again.
 */
export class HttpBankGateway implements BankGateway {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async startBinding(request: { reference: string; cardNumber: string; holderName: string; phone: string }): Promise<BindingStart> {
    const body = await this.#binding('POST', '/v1/bindings', request)
    if (body.status === 'declined') return { status: 'declined', reason: declineOf(body.reason) }
    if (body.status !== 'code_sent' || typeof body.bindingId !== 'string') throw new DomainError('BANK_UNAVAILABLE')
    return { status: 'code_sent', bindingId: body.bindingId, expiresAt: new Date(String(body.expiresAt)) }
  }

  async confirmBinding(request: { bindingId: string; code: string }): Promise<BindingConfirmation> {
    const body = await this.#binding('POST', `/v1/bindings/${encodeURIComponent(request.bindingId)}/confirm`, { code: request.code })
    switch (body.status) {
      case 'bound':
        return { status: 'bound', agreementId: String(body.agreementId) }
      case 'code_wrong':
        return { status: 'code_wrong', triesLeft: Number(body.triesLeft) }
      case 'code_expired':
      case 'too_many_tries':
        return { status: body.status }
      default:
        throw new DomainError('BANK_UNAVAILABLE')
    }
  }

  async unbind(agreementId: string): Promise<void> {
    await this.#call('DELETE', `/v1/agreements/${encodeURIComponent(agreementId)}`)
  }

  charge(request: MoneyRequest): Promise<BankOutcome> {
    return this.#money('/v1/charges', request)
  }

  payout(request: MoneyRequest): Promise<BankOutcome> {
    return this.#money('/v1/payouts', request)
  }

  async query(operationId: string): Promise<BankOutcome> {
    const response = await this.#call('GET', `/v1/operations/${encodeURIComponent(operationId)}`).catch(() => undefined)
    if (response?.status === 404) return { status: 'not_found' }
    return response?.ok ? outcomeOf(await response.json()) : { status: 'unknown' }
  }

  async statement(day: string): Promise<StatementLine[]> {
    const response = await this.#call('GET', `/v1/statements/${encodeURIComponent(day)}`)
    if (!response.ok) throw new Error(`the bank's statement of ${day} failed: HTTP ${response.status}`)
    const body = (await response.json()) as { lines: Array<Record<string, string>> }
    return body.lines.map((line) => ({
      operationId: line.operationId!,
      kind: line.kind === 'payout' ? 'payout' : 'charge',
      amountMinor: BigInt(line.amountMinor!),
      currency: line.currency!,
      bankReference: line.bankReference!,
      settledAt: new Date(line.settledAt!),
    }))
  }

  async #money(path: string, request: MoneyRequest): Promise<BankOutcome> {
    const response = await this.#call('POST', path, { ...request, amountMinor: request.amountMinor.toString() }).catch(() => undefined)
    return response?.ok ? outcomeOf(await response.json().catch(() => ({}))) : { status: 'unknown' }
  }

  async #binding(method: string, path: string, body: object): Promise<Record<string, unknown>> {
    const response = await this.#call(method, path, body).catch(() => undefined)
    if (!response?.ok) throw new DomainError('BANK_UNAVAILABLE')
    return (await response.json()) as Record<string, unknown>
  }

  #call(method: string, path: string, body?: object): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(this.timeoutMs),
    })
  }
}

const declineOf = (reason: unknown): BankDecline => ((BANK_DECLINES as readonly unknown[]).includes(reason) ? (reason as BankDecline) : 'card_declined')

function outcomeOf(body: unknown): BankOutcome {
  const answer = body as Record<string, unknown>
  if (answer.status === 'succeeded' && typeof answer.bankReference === 'string') return { status: 'succeeded', bankReference: answer.bankReference }
  if (answer.status === 'declined') return { status: 'declined', reason: declineOf(answer.reason) }
  if (answer.status === 'pending') return { status: 'pending' }
  return { status: 'unknown' }
}

import type { Clock } from '../../core/db/clock.js'
import { HttpBankGateway } from '../../bot/bank/http-gateway.js'
import { startSandbox } from '../../bot/sandbox-bank/start.js'

export const SANDBOX_API_KEY = 'sandbox-test-key'

export interface RunningSandboxBank {
  url: string
  gateway: HttpBankGateway
  /** Every simulated SMS it sent, in order. */
  sms: { phone: string; text: string; reference: string }[]
  /** The code in the latest SMS for this binding reference. */
  codeFor(reference: string): string
  stop(): Promise<void>
}

/**
 * The sandbox bank on a free port of this machine, with its own in-memory books, its clock
 * the tests' (so hangs settle when the test moves time on), its SMS kept for the test to read.
 */
export async function startSandboxBank(options: { clock: Clock; timeZone?: string; hangMs?: number; latencyMs?: number; gatewayTimeoutMs?: number; onSms?: (sms: { phone: string; text: string; reference: string }) => Promise<void> }): Promise<RunningSandboxBank> {
  const sms: RunningSandboxBank['sms'] = []
  const bank = await startSandbox({
    storeFile: ':memory:',
    port: 0,
    sms: {
      async send(message) {
        sms.push(message)
        await options.onSms?.(message)
      },
    },
    timeZone: options.timeZone ?? 'Asia/Shanghai',
    apiKey: SANDBOX_API_KEY,
    hangMs: options.hangMs ?? 60_000,
    latencyMs: options.latencyMs,
    now: () => options.clock.now().getTime(),
  })
  const url = bank.url
  return {
    url,
    gateway: new HttpBankGateway(url, SANDBOX_API_KEY, options.gatewayTimeoutMs ?? 2_000),
    sms,
    codeFor(reference) {
      const text = sms.filter((each) => each.reference === reference).at(-1)?.text ?? ''
      return /\d{6}/.exec(text)?.[0] ?? ''
    },
    stop: () => bank.stop(),
  }
}

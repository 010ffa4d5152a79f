// Failures a test orders from the fake: "the next sendMessage to this chat gets a 429 with
// retry_after 600", "the next two calls fail with 502". Matched in arrival order; each
// fault is used up after `times` matching calls.

import { TelegramError } from './errors.js'

export type Fault = {
  readonly method: string
  /** Only calls for this chat (chat_id of the payload); any chat when absent. */
  readonly chatId?: number
  /** How many matching calls are hit (default 1). */
  readonly times?: number
} & (
  | { readonly code: number; readonly description: string; readonly retryAfter?: number }
  /** The call is held this long before Telegram answers it (a slow network, a hung request). */
  | { readonly delayMs: number }
)

export class Faults {
  private readonly pending: Array<{ fault: Fault; left: number }> = []

  add(fault: Fault): void {
    this.pending.push({ fault, left: fault.times ?? 1 })
  }

  /** Applies the first fault matching this call, if any (throws, or waits), and counts it down. */
  async check(method: string, payload: Record<string, unknown>, signal?: AbortSignal): Promise<void> {
    const at = this.pending.findIndex(({ fault }) => fault.method === method && (fault.chatId === undefined || Number(payload.chat_id) === fault.chatId))
    if (at < 0) return
    const entry = this.pending[at]!
    entry.left -= 1
    if (entry.left <= 0) this.pending.splice(at, 1)
    const fault = entry.fault
    if ('delayMs' in fault) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, fault.delayMs)
        signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
      })
      // A caller that hung up (a killed process) never learns the outcome: the call never happened.
      if (signal?.aborted) throw new Error('the caller hung up while its call was held')
      return
    }
    throw new TelegramError(fault.code, fault.description, fault.retryAfter === undefined ? undefined : { retry_after: fault.retryAfter })
  }
}

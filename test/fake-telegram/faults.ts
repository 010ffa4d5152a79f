// Failures a test orders from the fake: "the next sendMessage to this chat gets a 429 with
// retry_after 600", "the next two calls fail with 502". Matched in arrival order; each
// fault is used up after `times` matching calls.

import { TelegramError } from './errors.js'

export interface Fault {
  readonly method: string
  /** Only calls for this chat (chat_id of the payload); any chat when absent. */
  readonly chatId?: number
  readonly code: number
  readonly description: string
  readonly retryAfter?: number
  /** How many matching calls fail (default 1). */
  readonly times?: number
}

export class Faults {
  private readonly pending: Array<{ fault: Fault; left: number }> = []

  add(fault: Fault): void {
    this.pending.push({ fault, left: fault.times ?? 1 })
  }

  /** Throws the first fault matching this call, if any, and counts it down. */
  check(method: string, payload: Record<string, unknown>): void {
    const at = this.pending.findIndex(({ fault }) => fault.method === method && (fault.chatId === undefined || Number(payload.chat_id) === fault.chatId))
    if (at < 0) return
    const entry = this.pending[at]!
    entry.left -= 1
    if (entry.left <= 0) this.pending.splice(at, 1)
    const { code, description, retryAfter } = entry.fault
    throw new TelegramError(code, description, retryAfter === undefined ? undefined : { retry_after: retryAfter })
  }
}

// Optional simulation of Telegram's per-chat flood control: too many
// messages or edits in one chat within a minute get 429 with retry_after.
// Off by default; tests switch it on to prove the bot coalesces edits
// instead of hammering a busy group message.

import { tooManyRequests } from './errors.js'

export interface FloodLimit {
  readonly perChatPerMinute: number
}

const WINDOW_MS = 60_000

export class FloodControl {
  private limit: FloodLimit | undefined
  private readonly sent = new Map<string, number[]>()

  set(limit: FloodLimit | undefined): void {
    this.limit = limit
    this.sent.clear()
  }

  /** Throws 429 if one more message in `key`'s chat would exceed the limit. */
  check(key: string, now = Date.now()): void {
    if (!this.limit) return
    const recent = this.recent(key, now)
    if (recent.length >= this.limit.perChatPerMinute) {
      const retryAfter = Math.max(1, Math.ceil((recent[0]! + WINDOW_MS - now) / 1000))
      throw tooManyRequests(retryAfter)
    }
  }

  /** Counts a message that went through; failed requests do not use up the budget. */
  record(key: string, now = Date.now()): void {
    if (!this.limit) return
    this.recent(key, now).push(now)
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.sent.get(key) ?? []).filter((t) => t > now - WINDOW_MS)
    this.sent.set(key, kept)
    return kept
  }
}

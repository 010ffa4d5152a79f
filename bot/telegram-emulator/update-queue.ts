// Where enqueued updates go. Polling mode keeps them until getUpdates
// confirms them with a higher offset (Telegram's at-least-once contract: an
// update is re-sent until confirmed), holding long polls open until an update
// arrives. Direct mode hands each update straight to a handler such as
// bot.handleUpdate and lets the caller await the bot's reaction.

import type { Update } from 'grammy/types'
import { conflict, type TelegramError } from './errors.js'

export type UpdateHandler = (update: Update) => Promise<void>

interface Waiter {
  readonly limit: number
  resolve(updates: Update[]): void
  reject(error: TelegramError): void
}

export interface PollOptions {
  readonly offset: number
  readonly limit: number
  readonly timeoutMs: number
  readonly signal?: AbortSignal | undefined
}

export class UpdateQueue {
  private pending: Update[] = []
  private waiter: Waiter | undefined
  private handler: UpdateHandler | undefined
  private nextId = 1

  /** Switches to direct mode (or back to polling with `undefined`). */
  deliverTo(handler: UpdateHandler | undefined): void {
    this.handler = handler
  }

  get pendingCount(): number {
    return this.pending.length
  }

  /** Assigns the update_id; in direct mode resolves once the handler finished. */
  async push(update: Omit<Update, 'update_id'>): Promise<Update> {
    const full = { update_id: this.nextId++, ...update } as Update
    if (this.handler) {
      await this.handler(full)
      return full
    }
    this.pending.push(full)
    this.wake()
    return full
  }

  /** getUpdates: confirm by offset, answer at once if anything is pending, else hold. */
  poll({ offset, limit, timeoutMs, signal }: PollOptions): Promise<Update[]> {
    this.confirm(offset)
    // Telegram ends an older getUpdates when a newer one arrives; a second
    // bot instance polling the same token is a bug worth surfacing.
    this.waiter?.reject(
      conflict('terminated by other getUpdates request; make sure that only one bot instance is running'),
    )
    this.waiter = undefined
    if (this.pending.length > 0 || timeoutMs <= 0) return Promise.resolve(this.pending.slice(0, limit))
    if (signal?.aborted) return Promise.reject(abortError())

    return new Promise<Update[]>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        if (this.waiter === waiter) this.waiter = undefined
      }
      const waiter: Waiter = {
        limit,
        resolve: (updates) => (finish(), resolve(updates)),
        reject: (error) => (finish(), reject(error)),
      }
      const onAbort = (): void => (finish(), reject(abortError()))
      const timer = setTimeout(() => waiter.resolve([]), timeoutMs)
      signal?.addEventListener('abort', onAbort, { once: true })
      this.waiter = waiter
    })
  }

  /** Drops everything (deleteWebhook with drop_pending_updates). */
  clear(): void {
    this.pending = []
  }

  /** Ends a held long poll with an empty answer, as a server shutting down. */
  close(): void {
    this.waiter?.resolve([])
  }

  private confirm(offset: number): void {
    if (offset > 0) this.pending = this.pending.filter((u) => u.update_id >= offset)
    // A negative offset keeps only the last |offset| updates and forgets the rest.
    else if (offset < 0) this.pending = this.pending.slice(offset)
  }

  private wake(): void {
    const waiter = this.waiter
    if (waiter) waiter.resolve(this.pending.slice(0, waiter.limit))
  }
}

function abortError(): Error {
  return new DOMException('The operation was aborted.', 'AbortError')
}

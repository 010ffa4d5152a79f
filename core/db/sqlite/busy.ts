import { setTimeout as sleep } from 'node:timers/promises'
import { DomainError } from '../../errors.js'
import type { Mutex } from './mutex.js'
import { isBusy } from './errors.js'

/** How long work waits for another process (an admin CLI, a second bot) to release the lock. */
export const DEFAULT_LOCK_WAIT_MS = 10_000

const MAX_BACKOFF_MS = 50


/**
 * Takes the connection's mutex and runs `attempt`; when SQLite answers that another process
 * holds the lock, lets go of the mutex, waits a little (asynchronously) and tries again, up to
 * `waitMs`. On success the mutex is still held: the caller releases it. better-sqlite3's own
 * busy timeout would sleep inside SQLite and block the event loop: every chat, read and timer
 * of the process would stop until the other process let go. Here the loop stays free, and
 * reads (which WAL never makes wait) go on between attempts. Giving up is DATABASE_BUSY, a
 * refusal that is safe to retry: `attempt` only fails busy before it has changed anything
 * (it is the BEGIN that waits).
 */
export async function lockWhenFree<T>(mutex: Mutex, waitMs: number, attempt: () => T): Promise<{ value: T; release: () => void }> {
  const deadline = Date.now() + waitMs
  for (let backoff = 1; ; backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)) {
    // A free lock is taken at once: a promise hop per read, with every reader queued behind
    // every other, halved the bot's /balance throughput (measured by the bot benchmark).
    const release = mutex.tryAcquire() ?? (await mutex.acquire())
    try {
      return { value: attempt(), release }
    } catch (error) {
      release()
      if (!isBusy(error)) throw error
      if (Date.now() >= deadline) throw new DomainError('DATABASE_BUSY')
    }
    await sleep(backoff)
  }
}

/** `attempt` under the mutex, waiting out another process's lock as lockWhenFree does. */
export async function whileBusy<T>(mutex: Mutex, waitMs: number, attempt: () => T): Promise<T> {
  const { value, release } = await lockWhenFree(mutex, waitMs, attempt)
  release()
  return value
}

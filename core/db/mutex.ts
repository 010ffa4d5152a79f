/**
 * A FIFO async mutex. SQLite gives us one writer per connection; this lock decides whose
 * turn it is among the ledger's group-commit writer, Prisma's interactive transactions and
 * Prisma's standalone queries, which all share the one connection of the process.
 */
export class Mutex {
  #locked = false
  readonly #waiters: Array<() => void> = []

  get locked(): boolean {
    return this.#locked
  }

  /** Resolves with a release function once the lock is ours. Release is idempotent. */
  async acquire(): Promise<() => void> {
    if (this.#locked) await new Promise<void>((resolve) => this.#waiters.push(resolve))
    this.#locked = true
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.#waiters.shift()
      if (next) next() // hand over directly: #locked stays true, FIFO order is kept
      else this.#locked = false
    }
  }

  async runExclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    const release = await this.acquire()
    try {
      return await fn()
    } finally {
      release()
    }
  }
}

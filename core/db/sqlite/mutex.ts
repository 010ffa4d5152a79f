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
    return this.#releaser()
  }

  /** The lock at once when it is free (a release function), else undefined. */
  tryAcquire(): (() => void) | undefined {
    if (this.#locked) return undefined
    this.#locked = true
    return this.#releaser()
  }

  #releaser(): () => void {
    let released = false
    return () => {
      if (released) return
      released = true
      this.#handOver()
    }
  }

  /**
   * Runs `fn` holding the lock. When the lock is free and `fn` is synchronous (a raw read,
   * a batch of the writer), it runs at once and the lock is free again before this returns:
   * nothing else can interleave with synchronous code, and queueing it behind promise hops
   * only made every reader wait on every other (measured by the bot benchmark).
   */
  runExclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    if (this.#locked) return this.acquire().then((release) => this.#run(fn, release))
    this.#locked = true
    return this.#run(fn, () => this.#handOver())
  }

  #run<T>(fn: () => T | Promise<T>, release: () => void): Promise<T> {
    let result: T | Promise<T>
    try {
      result = fn()
    } catch (error) {
      release()
      return Promise.reject(error)
    }
    if (result instanceof Promise) return result.finally(release)
    release()
    return Promise.resolve(result)
  }

  #handOver(): void {
    const next = this.#waiters.shift()
    if (next) next() // #locked stays true: the lock goes straight to the next in line (FIFO)
    else this.#locked = false
  }
}

/**
 * Requests per merchant per second, counted in this process (each instance behind a load
 * balancer counts its own share): a shop's runaway loop gets 429 FREQUENCY_LIMITED once its
 * signature is checked, before its nonce or its order costs a write.
 */
export class PerMerchantRate {
  readonly #windows = new Map<number, { second: number; count: number }>()

  constructor(private readonly perSecond: number) {}

  /** Counts one request; false when this merchant is over its rate this second. */
  take(merchantId: number, now: Date): boolean {
    const second = Math.floor(now.getTime() / 1000)
    const window = this.#windows.get(merchantId)
    if (!window || window.second !== second) {
      if (this.#windows.size > 10_000) this.#windows.clear() // bounded: stale windows are worth nothing
      this.#windows.set(merchantId, { second, count: 1 })
      return true
    }
    window.count++
    return window.count <= this.perSecond
  }
}

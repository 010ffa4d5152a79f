import { PerformanceObserver } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Helpers shared by the benches: latency percentiles, peak RSS sampling, phase timing and
 * number formatting. Each bench prints its own table; these only keep the numbers comparable.
 */

export interface BenchResult {
  ok: boolean
}

/**
 * Throughput over the wall time, p50/p99 of the per-operation latencies (nanoseconds), and
 * this process's CPU per operation since `cpuStartUs` (cpuMicros()): on a machine whose cores
 * the database shares, CPU the wallet spends is throughput the database loses.
 */
export function stats(latenciesNs: Float64Array, wallNs: bigint, cpuStartUs = cpuMicros()) {
  const sorted = Float64Array.from(latenciesNs).sort()
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!
  const cpuPerOpUs = (cpuMicros() - cpuStartUs) / Math.max(1, sorted.length)
  return { perSecond: sorted.length / (Number(wallNs) / 1e9), p50: at(0.5), p99: at(0.99), cpuPerOpUs }
}

/** User and system CPU this process has used, in microseconds. */
export function cpuMicros(): number {
  const { user, system } = process.cpuUsage()
  return user + system
}

/**
 * Peak RSS while the benches run. A timer catches async runs; synchronous loops call
 * sample() themselves. maxRSS from the OS is printed beside it as a cross-check.
 */
export class RssSampler {
  max = process.memoryUsage.rss()
  readonly #timer = setInterval(() => this.sample(), 50).unref()
  sample(): void {
    this.max = Math.max(this.max, process.memoryUsage.rss())
  }
  stop(): void {
    clearInterval(this.#timer)
  }
}

/**
 * Garbage-collection pauses of the main thread, from V8's own gc performance entries: the
 * time the program stood still while the heap was collected.
 */
export class GcPauses {
  totalMs = 0
  count = 0
  readonly #observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      this.totalMs += entry.duration
      this.count += 1
    }
  })
  constructor() {
    this.#observer.observe({ entryTypes: ['gc'] })
  }
  /** Delivers the entries V8 has queued but not yet handed over, then stops. */
  stop(): { totalMs: number; count: number } {
    for (const entry of this.#observer.takeRecords()) {
      this.totalMs += entry.duration
      this.count += 1
    }
    this.#observer.disconnect()
    return { totalMs: this.totalMs, count: this.count }
  }
}

/** Runs one phase and says how long it took, so a slow machine shows where the time goes. */
export async function timed<T>(label: string, fn: () => T | Promise<T>): Promise<T> {
  console.log(`  ${label} …`)
  const started = process.hrtime.bigint()
  const result = await fn()
  console.log(`    done in ${seconds(process.hrtime.bigint() - started)}`)
  return result
}

export const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k)
export const seconds = (ns: bigint) => `${(Number(ns) / 1e9).toFixed(1)} s`
export const ms = (ns: number) => `${(ns / 1e6).toFixed(2)} ms`
export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`

/**
 * Sends `count` operations at `ratePerSecond`, operation k due at k / rate seconds, without
 * waiting for earlier ones; each latency runs from when the operation was due to its end, so
 * time the event loop could not send it counts too.
 */
export async function paced(count: number, ratePerSecond: number, op: (i: number) => Promise<void>): Promise<Float64Array> {
  const latencies = new Float64Array(count)
  const intervalNs = 1e9 / ratePerSecond
  const start = process.hrtime.bigint()
  const elapsed = () => Number(process.hrtime.bigint() - start)
  const inFlight: Promise<void>[] = []
  let next = 0
  while (next < count) {
    const now = elapsed()
    for (; next < count && next * intervalNs <= now; next++) {
      const k = next
      const due = k * intervalNs
      inFlight.push(op(k).then(() => void (latencies[k] = elapsed() - due)))
    }
    if (next < count) await sleep(Math.max(0, (next * intervalNs - elapsed()) / 1e6))
  }
  await Promise.all(inFlight)
  return latencies
}

export function pooled(runs: Float64Array[]): Float64Array {
  const all = new Float64Array(runs.reduce((n, r) => n + r.length, 0))
  let at = 0
  for (const r of runs) {
    all.set(r, at)
    at += r.length
  }
  return all.sort()
}

/** The p-th percentile (0..1) of latencies (ns), from a sorted copy. */
export function pct(latencies: Float64Array, p: number): number {
  const sorted = Float64Array.from(latencies).sort()
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!
}

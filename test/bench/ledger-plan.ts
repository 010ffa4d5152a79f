/**
 * What the ledger bench does, shared by every side of it: the same wallets, the same seeded
 * plan of transfers, replayed by the core and by raw drivers doing the same writes.
 */
import { createHash } from 'node:crypto'

export const WALLETS = 10_000
export const TRANSFERS = Number(process.env.BENCH_TRANSFERS ?? 20_000)
/** Independent callers, each awaiting one transfer at a time (as separate chats would). */
export const CALLERS = 64
export const CURRENCY = 'CNY'
export const MEMO = 'bench'
// ¥10,000 each against transfers of at most ¥100: no wallet runs dry, so refusals stay ~0
// and every side does the same full work for every transfer.
export const TOP_UP_MINOR = 1_000_000n
const MAX_TRANSFER_MINOR = 10_000

/** One planned transfer; wallets are indexes 0..WALLETS-1, the same on every side. */
export interface Planned {
  from: number
  to: number
  amountMinor: bigint
}

/** mulberry32: a tiny seeded PRNG, so every run (and every side) replays the same transfers. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function planTransfers(n = TRANSFERS, random = mulberry32(0x1f2e3d4c)): Planned[] {
  const int = (below: number) => Math.floor(random() * below)
  return Array.from({ length: n }, () => {
    const from = int(WALLETS)
    const to = (from + 1 + int(WALLETS - 1)) % WALLETS // any wallet but the payer's
    return { from, to, amountMinor: BigInt(1 + int(MAX_TRANSFER_MINOR)) }
  })
}

export const profile = (i: number) => ({ telegramId: 5_000_000_000n + BigInt(i), username: `bench${i}`, firstName: `Bench ${i}` })

/** The same canonical form the core hashes (core/ledger/posting.ts), so every side stores the same bytes. */
export function requestHash(kind: string, memo: string | null, debitId: number | bigint, creditId: number | bigint, amount: bigint): string {
  const canonical = JSON.stringify([kind, memo, null, [[Number(debitId), Number(creditId), amount.toString(), CURRENCY]]])
  return createHash('sha256').update(canonical).digest('hex')
}

/**
 * Runs `work(i)` for every planned transfer from CALLERS loops sharing one counter, and
 * returns each one's latency in ns (the wall time is measured by the caller).
 */
export async function drive(count: number, work: (i: number) => Promise<void>): Promise<Float64Array> {
  const latencies = new Float64Array(count)
  let next = 0
  const caller = async () => {
    for (let i = next++; i < count; i = next++) {
      const started = process.hrtime.bigint()
      await work(i)
      latencies[i] = Number(process.hrtime.bigint() - started)
    }
  }
  await Promise.all(Array.from({ length: CALLERS }, caller))
  return latencies
}

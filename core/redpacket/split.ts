import { randomInt } from 'node:crypto'

/**
 * A uniform random integer in [minInclusive, maxExclusive), like `crypto.randomInt`. Production
 * code uses `crypto.randomInt`; tests inject a seeded generator so statistics are reproducible.
 * Callers here never ask for a range wider than 2^48 - 1 (crypto.randomInt's own limit).
 */
export type RandomInt = (minInclusive: number, maxExclusive: number) => number

const cryptoRandomInt: RandomInt = (min, max) => randomInt(min, max)

/**
 * Splits a lucky (拼手气) red packet into `count` random shares when it is created.
 *
 * Method: WeChat's "double mean" (二倍均值), run once at creation, then a Fisher–Yates shuffle.
 *
 * - Double mean: each share but the last is the minimum plus a uniform draw from
 *   [0, 2·e/k], where e is the amount still above everyone's minimum and k the shares still to
 *   deal; the last share takes what is left. Every share is then ≥ the minimum, the sum is exact
 *   by construction, and each draw averages the remaining mean, which is the feel people know from
 *   WeChat: no share is absurdly small or absurdly large compared with the others (the first
 *   draws are bounded by twice the mean; later ones by twice the *remaining* mean).
 * - Why the shuffle: dealt in order, the double mean is not fair by position. Early shares are
 *   uniform on [0, 2·mean] while the last share is what remains after n-1 draws, so its variance
 *   is far larger and late positions win 手气最佳 far more often (WeChat computes on grab, so late
 *   grabbers are luckier). A uniformly random permutation, drawn independently of the amounts,
 *   makes the shares exchangeable: every position has the same distribution of amount, and every
 *   position is equally likely to be the luckiest. The grab that claims "the next unclaimed
 *   share" therefore gets a fair draw whatever its order.
 * - Not chosen: integer line-cutting (n-1 distinct cut points, uniform over all compositions) is
 *   also fair, but its shares follow a Beta(1, n-1)-like law: many near-minimum shares and now and
 *   then one share close to the whole packet, which does not feel like a WeChat red packet.
 *
 * Cost: O(count) time and memory, independent of the total; amounts of any size are handled
 * exactly with bigint (draws wider than 2^48 are composed from 32-bit draws).
 *
 * Programmer errors (count not a positive integer, minimum below 1, total below count × minimum,
 * a RandomInt that answers out of range) throw plain `Error`s: the use-case layer validates user
 * input with domain errors before it calls this.
 */
export function splitLucky(
  totalMinor: bigint,
  count: number,
  random: RandomInt = cryptoRandomInt,
  minShareMinor: bigint = 1n,
): bigint[] {
  assertCount(count)
  if (minShareMinor < 1n) throw new Error(`splitLucky: minimum share must be at least 1, got ${minShareMinor}`)
  const floor = minShareMinor * BigInt(count)
  if (totalMinor < floor) {
    throw new Error(`splitLucky: total ${totalMinor} is below ${count} shares of at least ${minShareMinor}`)
  }

  // Work on the excess above everyone's minimum: any extra in [0, 2e/k] leaves e - extra ≥ 0 for
  // the k - 1 shares still to deal (2e/k ≤ e for k ≥ 2), so no share can fall below the minimum.
  const shares: bigint[] = new Array<bigint>(count)
  let excess = totalMinor - floor
  for (let i = 0; i < count - 1; i++) {
    const remaining = BigInt(count - i)
    const extra = uniformBelow((2n * excess) / remaining + 1n, random)
    shares[i] = minShareMinor + extra
    excess -= extra
  }
  shares[count - 1] = minShareMinor + excess

  // Fisher–Yates: every one of the count! orders is equally likely.
  for (let i = count - 1; i > 0; i--) {
    const j = draw(0, i + 1, random)
    const held = shares[i]!
    shares[i] = shares[j]!
    shares[j] = held
  }

  assertSplit(shares, totalMinor, count, minShareMinor)
  return shares
}

/**
 * Splits a normal (普通) red packet: `count` shares of `shareMinor` each, so the packet's total is
 * shareMinor × count (the sender chooses the amount per person, as in WeChat).
 */
export function splitEqual(shareMinor: bigint, count: number): bigint[] {
  assertCount(count)
  if (shareMinor < 1n) throw new Error(`splitEqual: share must be at least 1, got ${shareMinor}`)
  return new Array<bigint>(count).fill(shareMinor)
}

function assertCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new Error(`red packet split: count must be a positive integer, got ${count}`)
  }
}

/** crypto.randomInt refuses ranges of 2^48 or more. */
const SINGLE_DRAW_LIMIT = 2n ** 48n
const CHUNK_BITS = 32n
const CHUNK = 2 ** 32

/** A uniform bigint in [0, bound), bound ≥ 1, whatever its size. */
function uniformBelow(bound: bigint, random: RandomInt): bigint {
  if (bound < 1n) throw new Error(`uniformBelow: bound must be positive, got ${bound}`)
  if (bound === 1n) return 0n
  if (bound < SINGLE_DRAW_LIMIT) return BigInt(draw(0, Number(bound), random))

  // Rejection sampling: fill exactly as many bits as bound - 1 needs, retry when the value lands
  // at or above bound (probability < 1/2), so every value below bound is equally likely.
  const bits = BigInt((bound - 1n).toString(2).length)
  const chunks = Number((bits + CHUNK_BITS - 1n) / CHUNK_BITS)
  const mask = (1n << bits) - 1n
  for (;;) {
    let value = 0n
    for (let c = 0; c < chunks; c++) value = (value << CHUNK_BITS) | BigInt(draw(0, CHUNK, random))
    value &= mask
    if (value < bound) return value
  }
}

/** Calls the injected RandomInt and checks its answer: a broken generator must not mint money. */
function draw(min: number, max: number, random: RandomInt): number {
  const value = random(min, max)
  if (!Number.isInteger(value) || value < min || value >= max) {
    throw new Error(`RandomInt(${min}, ${max}) returned ${value}, outside [${min}, ${max})`)
  }
  return value
}

function assertSplit(shares: bigint[], totalMinor: bigint, count: number, minShareMinor: bigint): void {
  let sum = 0n
  for (const share of shares) {
    if (share < minShareMinor) throw new Error(`red packet split: share ${share} below minimum ${minShareMinor}`)
    sum += share
  }
  if (shares.length !== count || sum !== totalMinor) {
    throw new Error(`red packet split: ${shares.length} shares summing to ${sum}, expected ${count} summing to ${totalMinor}`)
  }
}

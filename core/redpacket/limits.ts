import { DomainError } from '../errors.js'
import { currencyOf } from '../money/currency.js'

/** The limits of one currency's red packets; every amount in them is in that currency. */
export interface RedPacketLimits {
  currency: string
  maxTotalMinor: bigint
  maxShares: number
  minShareMinor: bigint
  maxGreetingLength: number
  /** How long members can grab before the rest returns to the sender. */
  ttlMs: number
}

/**
 * WeChat's limits (¥200 a packet, 100 shares, ¥0.01 a share, a 40-character greeting), in
 * the wallet's currency: 200 of its major unit, and its smallest unit a share.
 */
export function defaultRedPacketLimits(currency: string): RedPacketLimits {
  const { code, decimals } = currencyOf(currency)
  return {
    currency: code,
    maxTotalMinor: 200n * 10n ** BigInt(decimals),
    maxShares: 100,
    minShareMinor: 1n,
    maxGreetingLength: 40,
    ttlMs: 24 * 60 * 60 * 1000,
  }
}

export type RedPacketKind = 'lucky' | 'normal' | 'exclusive'

/**
 * What leaves the wallet and how many shares, for a kind, from what the sender typed:
 * lucky — a total split at random among `count`; normal — `count` shares of the typed amount
 * each (as in WeChat, the total is the product); exclusive — the typed amount, one share.
 * Refuses, with the limit in the details, whatever breaks the limits; never cuts anything.
 */
export function effectivePacket(
  limits: RedPacketLimits,
  kind: RedPacketKind,
  enteredMinor: bigint,
  enteredCount: number,
): { totalMinor: bigint; shareCount: number } {
  const shareCount = kind === 'exclusive' ? 1 : enteredCount
  if (!Number.isSafeInteger(shareCount) || shareCount < 1) throw new DomainError('PACKET_COUNT_INVALID', { max: limits.maxShares })
  if (shareCount > limits.maxShares) throw new DomainError('PACKET_TOO_MANY_SHARES', { max: limits.maxShares })
  const totalMinor = kind === 'normal' ? enteredMinor * BigInt(shareCount) : enteredMinor
  if (totalMinor > limits.maxTotalMinor) {
    throw new DomainError('PACKET_TOO_LARGE', { maxMinor: limits.maxTotalMinor.toString(), totalMinor: totalMinor.toString(), currency: limits.currency })
  }
  if (totalMinor < limits.minShareMinor * BigInt(shareCount)) {
    throw new DomainError('PACKET_SHARE_TOO_SMALL', { minMinor: limits.minShareMinor.toString(), count: shareCount, currency: limits.currency })
  }
  return { totalMinor, shareCount }
}

export function normalizeGreeting(limits: RedPacketLimits, greeting: string | null | undefined): string {
  const text = greeting?.trim() ?? ''
  if ([...text].length > limits.maxGreetingLength) throw new DomainError('GREETING_TOO_LONG', { max: limits.maxGreetingLength })
  return text
}

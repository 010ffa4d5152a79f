import { DomainError } from '../errors.js'
import type { WalletConfig } from './config.js'

/** The limits every payment obeys, whatever path it came by (command, button, job). */
export function assertPaymentAmount(config: WalletConfig, amountMinor: bigint): void {
  if (amountMinor <= 0n) throw new DomainError('AMOUNT_NOT_POSITIVE')
  if (amountMinor > config.maxPaymentMinor) {
    throw new DomainError('AMOUNT_TOO_LARGE', { maxMinor: config.maxPaymentMinor.toString(), currency: config.currency })
  }
}

/** A memo is trimmed; an empty one is none; a too-long one is refused, never cut. */
export function normalizeMemo(config: WalletConfig, memo: string | null | undefined): string | null {
  const text = memo?.trim() ?? ''
  if (text === '') return null
  if ([...text].length > config.maxMemoLength) throw new DomainError('MEMO_TOO_LONG', { max: config.maxMemoLength })
  return text
}

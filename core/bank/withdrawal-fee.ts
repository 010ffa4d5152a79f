import type { BankRules } from '../wallet/config.js'

export interface WithdrawalFee {
  feeMinor: bigint
  /** The part of the amount the wallet's lifetime free allowance covers (and uses up). */
  freeMinor: bigint
}

/**
 * WeChat's model of the withdrawal fee (提现服务费): a wallet withdraws a lifetime allowance
 * free of charge; beyond it, a share of what is withdrawn (basis points, rounded half up to
 * the fen), never less than the minimum. `usedMinor` is how much of the allowance earlier
 * withdrawals took. The fee comes on top of the amount, from the wallet.
 */
export function withdrawalFee(rules: BankRules, usedMinor: bigint, amountMinor: bigint): WithdrawalFee {
  const allowanceLeft = rules.withdrawalFreeAllowanceMinor > usedMinor ? rules.withdrawalFreeAllowanceMinor - usedMinor : 0n
  const freeMinor = amountMinor < allowanceLeft ? amountMinor : allowanceLeft
  const chargedMinor = amountMinor - freeMinor
  if (chargedMinor === 0n) return { feeMinor: 0n, freeMinor }
  const shareMinor = (chargedMinor * rules.withdrawalFeeBasisPoints + 5_000n) / 10_000n
  return { feeMinor: shareMinor > rules.withdrawalFeeMinMinor ? shareMinor : rules.withdrawalFeeMinMinor, freeMinor }
}

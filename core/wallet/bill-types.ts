/**
 * A bill's type, as people read their bills (转账, 红包, 充值, 提现), from the kind of the posting
 * behind it. Bills filter by it, statements break spending down by it. A merchant's refund
 * joins `merchant` when it arrives.
 */
export const BILL_TYPES = ['transfer', 'red_packet', 'merchant', 'topup', 'withdrawal'] as const
export type BillType = (typeof BILL_TYPES)[number] | 'other'

const TYPE_OF_KIND: Record<string, BillType> = {
  transfer: 'transfer',
  // A transfer to someone who had not started the bot: the link, its payout, its return.
  claim_hold: 'transfer',
  claim_release: 'transfer',
  claim_return: 'transfer',
  // A transfer held for review: into the review escrow, then to the payee or back.
  review_hold: 'transfer',
  review_release: 'transfer',
  review_return: 'transfer',
  red_packet_hold: 'red_packet',
  red_packet_grab: 'red_packet',
  red_packet_refund: 'red_packet',
  // Paying a shop, its refunds, and (for the owner) moving the takings to the wallet.
  merchant_payment: 'merchant',
  merchant_refund: 'merchant',
  merchant_settlement: 'merchant',
  topup: 'topup',
  // From a bound bank card (充值), and to one (提现: into escrow, and back if the bank refused).
  bank_topup: 'topup',
  withdrawal_hold: 'withdrawal',
  withdrawal_return: 'withdrawal',
}

export const billTypeOf = (postingKind: string): BillType => TYPE_OF_KIND[postingKind] ?? 'other'

/** The posting kinds of a type, for a query's `IN (…)`. */
export const postingKindsOf = (type: BillType): string[] => Object.keys(TYPE_OF_KIND).filter((kind) => TYPE_OF_KIND[kind] === type)

export const isBillType = (text: string): text is BillType => (BILL_TYPES as readonly string[]).includes(text)

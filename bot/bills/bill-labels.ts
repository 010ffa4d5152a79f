import type { BillType } from '../../core/wallet/bill-types.js'
import type { Counterparty, HistoryItem } from '../../core/wallet/history.js'
import { cardLabel } from '../bank/card-label.js'
import { displayName, esc } from '../render.js'

/** The words for each bill type, on filter buttons and in statements. */
export const TYPE_LABELS: Record<BillType, string> = {
  transfer: 'bill-type-transfer',
  red_packet: 'bill-type-red-packet',
  merchant: 'bill-type-merchant',
  topup: 'bill-type-topup',
  withdrawal: 'bill-type-withdrawal',
  other: 'bill-type-other',
}

type Translate = (key: string, vars?: Record<string, string | number>) => string

/** A bill's type, from the posting kind and the direction of the money. Plain text. */
export function kindLabel(t: Translate, item: HistoryItem): string {
  switch (item.kind) {
    case 'topup':
      return t('kind-topup')
    case 'bank_topup':
      return t('kind-bank-topup')
    case 'withdrawal_hold':
      return t('kind-withdrawal')
    case 'withdrawal_return':
      return t('kind-withdrawal-return')
    case 'transfer':
      return t(item.amountMinor < 0n ? 'kind-transfer-out' : 'kind-transfer-in')
    case 'claim_hold':
      return t('kind-claim-hold')
    case 'claim_release':
      return t('kind-claim-release')
    case 'claim_return':
      return t('kind-claim-return')
    case 'merchant_payment':
      // The payer's bill, or the merchant's own (its takings).
      return t(item.amountMinor < 0n ? 'kind-merchant-payment' : 'kind-merchant-takings')
    case 'merchant_refund':
      return t('kind-merchant-refund')
    case 'merchant_settlement':
      return t('kind-merchant-settlement')
    case 'review_hold':
      return t('kind-review-hold')
    case 'review_release':
      return t('kind-review-release')
    case 'review_return':
      return t('kind-review-return')
    case 'red_packet_hold':
      return t('kind-red-packet-hold')
    case 'red_packet_grab':
      return t('kind-red-packet-grab')
    case 'red_packet_refund':
      return t('kind-red-packet-refund')
    default:
      return t('kind-other', { kind: item.kind })
  }
}

/** Who is on the other side, as plain text (a CSV cell, a picture); escape it for HTML. */
export function counterpartyText(t: Translate, counterparty: Counterparty): string {
  if (counterparty.bankCard) return cardLabel(t, counterparty.bankCard)
  if (counterparty.userId !== null) return counterparty.username ? `@${counterparty.username}` : displayName(counterparty.firstName ?? '')
  if (counterparty.accountKind === 'claim_escrow') return t('counterparty-claim')
  if (counterparty.accountKind === 'red_packet_escrow') return t('counterparty-red-packet')
  if (counterparty.accountKind === 'review_escrow') return t('counterparty-review')
  if (counterparty.merchantName !== null) return counterparty.merchantName
  return t('counterparty-system')
}

export const counterpartyHtml = (t: Translate, item: HistoryItem) => esc(counterpartyText(t, item.counterparty))

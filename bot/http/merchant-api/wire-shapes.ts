import type { ApiOrderView } from '../../../core/merchant-api/api-orders.js'
import type { ApiRefundView } from '../../../core/merchant-api/api-refunds.js'
import type { ApiIdentity } from '../../../core/merchant-api/credentials.js'
import type { MerchantOrder } from '../../../core/merchants/orders.js'
import { refundIdOf, rfc3339, transactionIdOf } from './wire-ids.js'

/*
 * The JSON shapes of WeChat Pay APIv3 (Native) for our orders and refunds: a query's answer,
 * and the resources notifications carry. One place, so a query and a notification about the
 * same payment always agree.
 */

export type Translate = (key: string) => string

export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED'

const STATE_KEYS: Record<TradeState, string> = {
  SUCCESS: 'merchant-api-trade-state-SUCCESS',
  REFUND: 'merchant-api-trade-state-REFUND',
  NOTPAY: 'merchant-api-trade-state-NOTPAY',
  CLOSED: 'merchant-api-trade-state-CLOSED',
}


export function tradeStateOf(view: ApiOrderView, now: Date): TradeState {
  const { order } = view
  if (order.status === 'paid') return view.refundedMinor > 0n ? 'REFUND' : 'SUCCESS'
  if (order.status === 'open' && order.expiresAt.getTime() > now.getTime()) return 'NOTPAY'
  return 'CLOSED'
}

/** A transaction as `GET /v3/pay/transactions/…` answers it (and TRANSACTION.SUCCESS carries it, with `state` SUCCESS). */
export function transactionJson(identity: Pick<ApiIdentity, 'mchid' | 'appid'>, order: MerchantOrder, state: TradeState, payerOpenid: string | null, t: Translate): Record<string, unknown> {
  const amount = { total: Number(order.amountMinor), currency: order.currency }
  const base = { appid: identity.appid, mchid: identity.mchid, out_trade_no: order.api?.outTradeNo ?? String(order.id), trade_state: state, trade_state_desc: t(STATE_KEYS[state]) }
  if (state !== 'SUCCESS' && state !== 'REFUND') return { ...base, amount: { ...amount, payer_total: 0, payer_currency: order.currency } }
  return {
    ...base,
    transaction_id: transactionIdOf(order),
    trade_type: 'NATIVE',
    bank_type: 'OTHERS',
    attach: order.api?.attach ?? '',
    success_time: rfc3339(order.closedAt!),
    payer: { openid: payerOpenid },
    amount: { ...amount, payer_total: Number(order.amountMinor), payer_currency: order.currency },
  }
}

/** A refund as `POST /v3/refund/domestic/refunds` and its query answer it. */
export function refundJson(view: ApiRefundView, t: Translate): Record<string, unknown> {
  const { refund, order } = view
  return {
    refund_id: refundIdOf(refund),
    out_refund_no: refund.api?.outRefundNo ?? refundIdOf(refund),
    transaction_id: transactionIdOf(order),
    out_trade_no: order.api?.outTradeNo ?? String(order.id),
    channel: 'ORIGINAL',
    user_received_account: t('merchant-api-refund-account'),
    ...(refund.doneAt ? { success_time: rfc3339(refund.doneAt) } : {}),
    create_time: rfc3339(refund.createdAt),
    status: refund.status === 'done' ? 'SUCCESS' : refund.status === 'cancelled' ? 'CLOSED' : 'PROCESSING',
    funds_account: 'AVAILABLE',
    amount: refundAmount(view),
  }
}

/** The refund resource REFUND.SUCCESS carries. */
export function refundNotificationJson(identity: Pick<ApiIdentity, 'mchid'>, view: ApiRefundView, t: Translate): Record<string, unknown> {
  const { refund, order } = view
  return {
    mchid: identity.mchid,
    out_trade_no: order.api?.outTradeNo ?? String(order.id),
    transaction_id: transactionIdOf(order),
    out_refund_no: refund.api?.outRefundNo ?? refundIdOf(refund),
    refund_id: refundIdOf(refund),
    refund_status: 'SUCCESS',
    success_time: rfc3339(refund.doneAt ?? refund.createdAt),
    user_received_account: t('merchant-api-refund-account'),
    amount: { total: Number(order.amountMinor), refund: Number(refund.amountMinor), payer_total: Number(order.amountMinor), payer_refund: Number(refund.amountMinor) },
  }
}

function refundAmount({ refund, order }: ApiRefundView) {
  const total = Number(order.amountMinor)
  const back = Number(refund.amountMinor)
  return { total, refund: back, payer_total: total, payer_refund: back, settlement_total: total, settlement_refund: back, discount_refund: 0, currency: order.currency, refund_fee: 0 }
}

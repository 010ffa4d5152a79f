import type { CoreModules } from '../../../core/core.js'
import { isDomainError } from '../../../core/errors.js'
import { ATTACH_MAX, DESCRIPTION_MAX } from '../../../core/merchant-api/api-orders.js'
import { REASON_MAX } from '../../../core/merchant-api/api-refunds.js'
import type { ApiIdentity } from '../../../core/merchant-api/credentials.js'
import { sealResource } from '../../../core/merchant-api/wire-crypto.js'
import { startLink, startPayload } from '../../callback-data.js'
import { ApiError } from './api-errors.js'
import { NOTIFY_URL_MAX, parseNotifyUrl, resolvesPublicly } from './notify-url.js'
import { minorUnits, object, OUT_REFUND_NO, OUT_TRADE_NO, parseBody, required, requestHash, text, time, TRANSACTION_ID, type Json } from './request-fields.js'
import type { MerchantApiOptions } from './routes.js'
import { orderIdInTransactionId, refundIdInRefundNo, refundIdOf, rfc3339, transactionIdOf } from './wire-ids.js'
import { refundJson, tradeStateOf, transactionJson, type Translate } from './wire-shapes.js'

/** One authenticated request, as a handler sees it. */
export interface ApiCall extends ApiIdentity {
  merchantId: number
  core: CoreModules
  body: string
  now: Date
  t: Translate
  param(name: string): string
  query(name: string): string | undefined
  options: MerchantApiOptions
}

type Answer = Promise<{ status: number; body: unknown }>

/** `POST /v3/pay/transactions/native`: an order, answered with its code_url (a t.me link the shop shows as a QR). */
export async function createOrder(call: ApiCall): Answer {
  const body = parseBody(call.body)
  identify(call, body)
  const description = required(body, 'description', { max: DESCRIPTION_MAX })
  const outTradeNo = required(body, 'out_trade_no', { max: 32, pattern: OUT_TRADE_NO })
  const notifyUrl = await notifyUrlOf(call, required(body, 'notify_url', { max: NOTIFY_URL_MAX }))
  const attach = text(body, 'attach', { max: ATTACH_MAX, optional: true })
  const expiresAt = time(body, 'time_expire')
  const amount = object(body, 'amount')
  const amountMinor = minorUnits(amount, 'total', 'amount')
  const currency = text(amount, 'currency', { max: 8, optional: true }) ?? call.core.config.currency
  const { order, created } = await call.core.merchantApi.createOrder({
    merchantId: call.merchantId,
    outTradeNo,
    description,
    amountMinor,
    currency,
    notifyUrl,
    attach,
    expiresAt,
    requestHash: requestHash([description, amountMinor.toString(), currency, notifyUrl, attach, expiresAt?.getTime() ?? null]),
  })
  // The same request again: its code_url, unless the order was closed meanwhile (as WeChat Pay answers).
  if (!created && (order.status === 'closed' || order.status === 'expired')) throw new ApiError('ORDER_CLOSED', { issue: order.status === 'closed' ? 'ORDER_CLOSED' : 'ORDER_EXPIRED' })
  return { status: 200, body: { code_url: startLink(call.options.botUsername, startPayload.order.pack(order.token)) } }
}

/** `GET …/out-trade-no/{out_trade_no}?mchid=` and `GET …/id/{transaction_id}?mchid=`. */
export async function queryOrder(call: ApiCall): Answer {
  if (call.query('mchid') !== call.mchid) throw new ApiError(call.query('mchid') ? 'APPID_MCHID_NOT_MATCH' : 'PARAM_ERROR', { field: 'mchid' })
  const transactionId = call.param('transactionId')
  const view = await call.core.merchantApi.findOrder(call.merchantId, transactionId ? { orderId: await paidOrderIdOf(call, transactionId) } : { outTradeNo: outTradeNoOf(call) })
  const openid = view.order.status === 'paid' && view.order.payerUserId !== null ? call.core.merchantApi.openid(call.merchantId, view.order.payerUserId) : null
  return { status: 200, body: transactionJson(call, view.order, tradeStateOf(view, call.now), openid, call.t) }
}

/** `POST …/out-trade-no/{out_trade_no}/close` → 204; a paid order cannot be closed. */
export async function closeOrder(call: ApiCall): Answer {
  const body = parseBody(call.body)
  if (required(body, 'mchid', { max: 32 }) !== call.mchid) throw new ApiError('APPID_MCHID_NOT_MATCH', { field: 'mchid' })
  await call.core.merchantApi.closeOrder(call.merchantId, outTradeNoOf(call))
  return { status: 204, body: null }
}

/** `POST /v3/refund/domestic/refunds`: all or part of a paid order back to its payer, at once. */
export async function createRefund(call: ApiCall): Answer {
  const body = parseBody(call.body)
  const transactionId = text(body, 'transaction_id', { max: 32, pattern: TRANSACTION_ID, optional: true })
  const outTradeNo = transactionId ? null : required(body, 'out_trade_no', { max: 32, pattern: OUT_TRADE_NO })
  const outRefundNo = required(body, 'out_refund_no', { max: 64, pattern: OUT_REFUND_NO })
  const reason = text(body, 'reason', { max: REASON_MAX, optional: true })
  const notifyUrlText = text(body, 'notify_url', { max: NOTIFY_URL_MAX, optional: true })
  const notifyUrl = notifyUrlText === null ? null : await notifyUrlOf(call, notifyUrlText)
  const amount = object(body, 'amount')
  const amountMinor = minorUnits(amount, 'refund', 'amount')
  const totalMinor = minorUnits(amount, 'total', 'amount')
  const currency = required(amount, 'currency', { max: 8 })
  const order = transactionId ? { orderId: await paidOrderIdOf(call, transactionId) } : { outTradeNo: outTradeNo! }
  const view = await call.core.merchantApi.refund({
    merchantId: call.merchantId,
    order,
    outRefundNo,
    reason,
    notifyUrl,
    amountMinor,
    totalMinor,
    currency,
    requestHash: requestHash([transactionId, outTradeNo, reason, notifyUrl, amountMinor.toString(), totalMinor.toString(), currency]),
  })
  return { status: 200, body: refundJson(view, call.t) }
}

/** `GET /v3/refund/domestic/refunds/{out_refund_no}`. */
export async function queryRefund(call: ApiCall): Answer {
  const outRefundNo = call.param('outRefundNo')
  if (!OUT_REFUND_NO.test(outRefundNo)) throw new ApiError('PARAM_ERROR', { field: 'out_refund_no' })
  return { status: 200, body: refundJson(await refundByNumber(call, outRefundNo), call.t) }
}

/** `GET /v3/certificates`: the platform certificate, encrypted with the merchant's APIv3 key (certificate mode). */
export async function certificatesJson(call: ApiCall): Answer {
  const platform = await call.core.merchantApi.platformKey()
  const expires = new Date(platform.createdAt)
  expires.setUTCFullYear(expires.getUTCFullYear() + 10)
  const sealed = sealResource(await call.core.merchantApi.apiV3Key(call.merchantId), platform.certificatePem, 'certificate')
  return { status: 200, body: { data: [{ serial_no: platform.serialNo, effective_time: rfc3339(platform.createdAt), expire_time: rfc3339(expires), encrypt_certificate: sealed }] } }
}

/** A refund by the shop's number, or — for one the owner made in the bot, which has none — by the refund_id the shop was notified of. */
async function refundByNumber(call: ApiCall, outRefundNo: string) {
  try {
    return await call.core.merchantApi.findRefund(call.merchantId, { outRefundNo })
  } catch (error) {
    const refundId = refundIdInRefundNo(outRefundNo)
    if (!isDomainError(error) || error.code !== 'REFUND_NOT_FOUND' || refundId === undefined) throw error
    const view = await call.core.merchantApi.findRefund(call.merchantId, { refundId })
    if (view.refund.api !== null || refundIdOf(view.refund) !== outRefundNo) throw error
    return view
  }
}

/** The request's appid and mchid must be this merchant's (the key that signed it). */
function identify(call: ApiCall, body: Json): void {
  const appid = required(body, 'appid', { max: 32 })
  const mchid = required(body, 'mchid', { max: 32 })
  if (mchid !== call.mchid || appid !== call.appid) throw new ApiError('APPID_MCHID_NOT_MATCH')
}

async function notifyUrlOf(call: ApiCall, given: string): Promise<string> {
  const url = parseNotifyUrl(given, call.options.allowPrivateNotify)
  if (!url || (!call.options.allowPrivateNotify && !(await resolvesPublicly(url)))) throw new ApiError('PARAM_ERROR', { field: 'notify_url', issue: 'must be https on a public address' })
  return given
}

function outTradeNoOf(call: ApiCall): string {
  const outTradeNo = call.param('outTradeNo')
  if (!OUT_TRADE_NO.test(outTradeNo)) throw new ApiError('PARAM_ERROR', { field: 'out_trade_no' })
  return outTradeNo
}

/** The order a transaction id names: one of this merchant's, paid, whose id it is exactly. */
async function paidOrderIdOf(call: ApiCall, transactionId: string): Promise<number> {
  if (!TRANSACTION_ID.test(transactionId)) throw new ApiError('PARAM_ERROR', { field: 'transaction_id' })
  const orderId = orderIdInTransactionId(transactionId)
  if (orderId === undefined) throw new ApiError('ORDER_NOT_EXIST', { field: 'transaction_id' })
  const { order } = await call.core.merchantApi.findOrder(call.merchantId, { orderId })
  if (order.status !== 'paid' || transactionIdOf(order) !== transactionId) throw new ApiError('ORDER_NOT_EXIST', { field: 'transaction_id' })
  return orderId
}

import type { ErrorCode } from '../../../core/errors.js'

/*
 * WeChat Pay's error answers: `{code, message, detail?}` with its status codes. A refusal
 * from the core keeps its own code in `detail.issue`, so a shop's log says exactly why.
 */

export type ApiErrorCode =
  | 'PARAM_ERROR'
  | 'INVALID_REQUEST'
  | 'APPID_MCHID_NOT_MATCH'
  | 'ORDER_CLOSED'
  | 'SIGN_ERROR'
  | 'NOT_ENOUGH'
  | 'OUT_TRADE_NO_USED'
  | 'RULE_LIMIT'
  | 'TRADE_ERROR'
  | 'ORDER_NOT_EXIST'
  | 'RESOURCE_NOT_EXISTS'
  | 'FREQUENCY_LIMITED'
  | 'SYSTEM_ERROR'

/** Each refusal's status code and the locale key of its message. */
const ANSWERS: Record<ApiErrorCode, { status: number; messageKey: string }> = {
  PARAM_ERROR: { status: 400, messageKey: 'merchant-api-error-PARAM_ERROR' },
  INVALID_REQUEST: { status: 400, messageKey: 'merchant-api-error-INVALID_REQUEST' },
  APPID_MCHID_NOT_MATCH: { status: 400, messageKey: 'merchant-api-error-APPID_MCHID_NOT_MATCH' },
  ORDER_CLOSED: { status: 400, messageKey: 'merchant-api-error-ORDER_CLOSED' },
  SIGN_ERROR: { status: 401, messageKey: 'merchant-api-error-SIGN_ERROR' },
  NOT_ENOUGH: { status: 403, messageKey: 'merchant-api-error-NOT_ENOUGH' },
  OUT_TRADE_NO_USED: { status: 403, messageKey: 'merchant-api-error-OUT_TRADE_NO_USED' },
  RULE_LIMIT: { status: 403, messageKey: 'merchant-api-error-RULE_LIMIT' },
  TRADE_ERROR: { status: 403, messageKey: 'merchant-api-error-TRADE_ERROR' },
  ORDER_NOT_EXIST: { status: 404, messageKey: 'merchant-api-error-ORDER_NOT_EXIST' },
  RESOURCE_NOT_EXISTS: { status: 404, messageKey: 'merchant-api-error-RESOURCE_NOT_EXISTS' },
  FREQUENCY_LIMITED: { status: 429, messageKey: 'merchant-api-error-FREQUENCY_LIMITED' },
  SYSTEM_ERROR: { status: 500, messageKey: 'merchant-api-error-SYSTEM_ERROR' },
}

/** A refusal to answer with; `field` names the request field at fault. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly detail: { field?: string; issue?: string } = {},
  ) {
    super(code)
  }
  get status(): number {
    return ANSWERS[this.code].status
  }
  get messageKey(): string {
    return ANSWERS[this.code].messageKey
  }
}

/** The WeChat Pay answer for each refusal the core gives on this API's paths. */
const FROM_DOMAIN: Partial<Record<ErrorCode, ApiErrorCode>> = {
  AMOUNT_NOT_POSITIVE: 'PARAM_ERROR',
  AMOUNT_TOO_LARGE: 'RULE_LIMIT',
  CURRENCY_MISMATCH: 'PARAM_ERROR',
  ORDER_EXPIRY_INVALID: 'PARAM_ERROR',
  OUT_TRADE_NO_USED: 'OUT_TRADE_NO_USED',
  OUT_REFUND_NO_USED: 'INVALID_REQUEST',
  ORDER_NOT_FOUND: 'ORDER_NOT_EXIST',
  ORDER_PAID: 'TRADE_ERROR',
  ORDER_CLOSED: 'ORDER_CLOSED',
  ORDER_EXPIRED: 'ORDER_CLOSED',
  ORDER_NOT_PAID: 'TRADE_ERROR',
  REFUND_WINDOW_PASSED: 'INVALID_REQUEST',
  REFUND_TOO_LARGE: 'INVALID_REQUEST',
  REFUND_NOTHING_LEFT: 'INVALID_REQUEST',
  REFUND_TOTAL_MISMATCH: 'PARAM_ERROR',
  REFUND_ABOVE_TAKINGS: 'NOT_ENOUGH',
  REFUND_NOT_FOUND: 'RESOURCE_NOT_EXISTS',
  DATABASE_BUSY: 'SYSTEM_ERROR',
  STORAGE_FULL: 'SYSTEM_ERROR',
  STORAGE_FAILED: 'SYSTEM_ERROR',
  DATABASE_READ_ONLY: 'SYSTEM_ERROR',
}

export const apiErrorFromDomain = (code: ErrorCode) => new ApiError(FROM_DOMAIN[code] ?? 'INVALID_REQUEST', { issue: code })

/**
 * Every refusal the wallet can give, as a stable code. The bot maps each code to a message in
 * locales/ (both languages); tools and tests match on the code, never on text.
 */
export const ERROR_CODES = [
  // storage: nothing was saved, safe to try again
  'DATABASE_BUSY',
  'STORAGE_FULL',
  'STORAGE_FAILED',
  'DATABASE_READ_ONLY',
  // amounts
  'AMOUNT_EMPTY',
  'AMOUNT_MALFORMED',
  'AMOUNT_NOT_POSITIVE',
  'AMOUNT_TOO_PRECISE',
  'AMOUNT_TOO_LARGE',
  'CURRENCY_UNKNOWN',
  'CURRENCY_MISMATCH',
  // ledger
  'INSUFFICIENT_FUNDS',
  'BALANCE_LIMIT',
  'IDEMPOTENCY_CONFLICT',
  'ACCOUNT_NOT_FOUND',
  'HOLD_NOT_OPEN',
  'HOLD_INSUFFICIENT',
  // wallet use cases
  'USER_NOT_FOUND',
  'RECIPIENT_NOT_A_PERSON',
  'USERNAME_INVALID',
  'SELF_TRANSFER',
  'NOT_ADMIN',
  'MEMO_TOO_LONG',
  'BILL_NOT_FOUND',
  // security
  'ACCOUNT_FROZEN',
  'DAILY_LIMIT_EXCEEDED',
  'LIMIT_ABOVE_DEFAULT',
  'NOT_FROZEN',
  'FROZEN_BY_ADMIN',
  'PASSWORD_REQUIRED',
  'PASSWORD_SETUP_NEEDED',
  'PASSWORD_NOT_SET',
  'PASSWORD_ALREADY_SET',
  'PASSWORD_LOCKED',
  'PASSWORD_TOO_SIMPLE',
  'PASSWORD_ENTRY_NOT_FOUND',
  'PASSWORD_ENTRY_STALE',
  'FREE_ABOVE_CAP',
  'RISK_BLOCKED',
  'PHONE_INVALID',
  'PHONE_NOT_OWN',
  'PHONE_NOT_VERIFIED',
  'PHONE_ALREADY_VERIFIED',
  'PHONE_MISMATCH',
  'HELD_PAYMENT_NOT_FOUND',
  // confirmation cards, claim links, inline offers
  'CARD_NOT_FOUND',
  'CARD_EXPIRED',
  'CARD_CANCELLED',
  'CARD_CHANGED',
  'NOT_YOUR_BUTTON',
  'CLAIM_NOT_FOUND',
  'CLAIM_OWN',
  'CLAIM_TAKEN',
  'CLAIM_CANCELLED',
  'CLAIM_EXPIRED',
  'OFFER_NOT_FOUND',
  'OFFER_OWN',
  'OFFER_TAKEN',
  'OFFER_CANCELLED',
  'OFFER_EXPIRED',
  // receive codes
  'RECEIVE_CODE_NOT_FOUND',
  'RECEIVE_CODE_RESET',
  'RECEIVE_CODE_EXPIRED',
  'RECEIVE_CODE_OWN',
  // merchants and orders
  'MERCHANT_NOT_FOUND',
  'MERCHANT_EXISTS',
  'MERCHANT_NAME_INVALID',
  'MERCHANT_OWN',
  'MERCHANT_NOTHING_TO_SETTLE',
  'STAFF_IS_OWNER',
  'STAFF_TOO_MANY',
  'ORDER_NOT_FOUND',
  'ORDER_PAID',
  'ORDER_CLOSED',
  'ORDER_EXPIRED',
  'ORDER_NOT_PAID',
  'REFUND_WINDOW_PASSED',
  'REFUND_TOO_LARGE',
  'REFUND_NOTHING_LEFT',
  'REFUND_ABOVE_TAKINGS',
  // the merchant API
  'API_KEY_INVALID',
  'API_KEY_PRIVATE',
  'API_KEY_EXISTS',
  'API_KEY_NOT_FOUND',
  'OUT_TRADE_NO_USED',
  'OUT_REFUND_NO_USED',
  'ORDER_EXPIRY_INVALID',
  'REFUND_TOTAL_MISMATCH',
  'REFUND_NOT_FOUND',
  'NOTIFICATION_NOT_FOUND',
  // bank cards
  'BANK_UNAVAILABLE',
  'BANK_DECLINED',
  'CARD_NUMBER_INVALID',
  'CARD_HOLDER_INVALID',
  'CARD_ALREADY_BOUND',
  'CARD_BOUND_ELSEWHERE',
  'CARD_LIMIT_REACHED',
  'BANK_CARD_NOT_FOUND',
  'BANK_CARD_BUSY',
  'BINDING_NOT_FOUND',
  'BINDING_EXPIRED',
  'BANK_OPERATION_NOT_FOUND',
  'BANK_OPERATION_EXPIRED',
  'WITHDRAWAL_FEE_CHANGED',
  // red packets
  'PACKET_NOT_FOUND',
  'PACKET_TOO_LARGE',
  'PACKET_TOO_MANY_SHARES',
  'PACKET_SHARE_TOO_SMALL',
  'PACKET_COUNT_INVALID',
  'PACKET_NEEDS_TARGET',
  'GREETING_TOO_LONG',
  'PACKET_NOT_SENT',
  'PACKET_NOT_FOR_YOU',
  'PACKET_OWN',
  'PACKET_EMPTY',
  'PACKET_EXPIRED',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** Codes whose details can be one person's private facts (see DomainErrorOptions.ownerUserId). */
export const CODES_WITH_PRIVATE_DETAILS: readonly ErrorCode[] = ['INSUFFICIENT_FUNDS', 'ACCOUNT_FROZEN', 'DAILY_LIMIT_EXCEEDED', 'PASSWORD_REQUIRED', 'PASSWORD_SETUP_NEEDED', 'PASSWORD_LOCKED', 'RISK_BLOCKED']

export interface DomainErrorOptions {
  /**
   * The user whose private facts the details carry (the balance of an INSUFFICIENT_FUNDS).
   * Only that user, and only in private, may be shown them; anyone else reads a version of
   * the refusal without them.
   */
  ownerUserId?: number
}

/** A refusal for a reason the user or operator can act on. Carries no message text. */
export class DomainError extends Error {
  readonly ownerUserId: number | undefined

  constructor(
    readonly code: ErrorCode,
    /** Values a message may show (the limit, the balance...), already plain strings or numbers. */
    readonly details: Record<string, string | number> = {},
    options: DomainErrorOptions = {},
  ) {
    super(details && Object.keys(details).length ? `${code} ${JSON.stringify(details)}` : code)
    this.name = 'DomainError'
    // An amount means nothing without its currency: a message would have to guess one.
    if (Object.keys(details).some((key) => key.endsWith('Minor')) && typeof details.currency !== 'string') {
      throw new Error(`DomainError ${code}: details with amounts need their currency`)
    }
    this.ownerUserId = options.ownerUserId
  }
}

export function isDomainError(error: unknown, code?: ErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code)
}

/**
 * Every idempotency key the wallet mints, in one place. A key names one business operation,
 * so that a repeated update, a double tap or a job run twice has exactly one effect; keys
 * must never collide across kinds, hence the prefixes.
 */
export const idempotencyKeys = {
  /** A confirmation card's Confirm (transfer or claim link). */
  card: (token: string) => `card:${token}`,
  /** An inline offer's first Accept. */
  inlineOffer: (token: string) => `inline:${token}`,
  /** A claim link paid out to whoever opened it. */
  claimRelease: (claimId: number) => `claim:${claimId}`,
  /** An admin's /topup, per command message: a redelivered update cannot credit twice. */
  topUp: (chatId: number | bigint, messageId: number) => `topup:${chatId}:${messageId}`,
  /** A red packet moving into escrow when sent. */
  redPacketSend: (token: string) => `red-packet:${token}`,
  /** One person's grab of one packet. */
  redPacketGrab: (packetId: number, userId: number) => `red-packet-grab:${packetId}:${userId}`,
  /** What is left of a hold going back where it came from (once per hold). */
  holdReturn: (holdId: number) => `hold-return:${holdId}`,
  /** A refund request (its card), done once. */
  refund: (refundToken: string) => `refund:${refundToken}`,
  /** The owner moving the merchant's takings to their wallet, once per dashboard card. */
  merchantSettlement: (chatId: number | bigint, messageId: number) => `merchant-settle:${chatId}:${messageId}`,
  /** A merchant order, paid once. */
  order: (token: string) => `order:${token}`,
  /** A payment held for review, paid to its payee once an admin approved it. */
  reviewRelease: (heldPaymentId: number) => `review-release:${heldPaymentId}`,
  /** A bank operation's postings, one each per operation: the top-up's credit; the withdrawal's escrow, payout and fee. */
  bankTopUp: (operationToken: string) => `bank-topup:${operationToken}`,
  withdrawalHold: (operationToken: string) => `bank-withdrawal:${operationToken}`,
  withdrawalPayout: (operationToken: string) => `bank-withdrawal-payout:${operationToken}`,
  withdrawalFee: (operationToken: string) => `bank-withdrawal-fee:${operationToken}`,
}

/** Outbox dedupe keys: one message per business event. */
export const noticeKeys = {
  claimExpired: (claimId: number) => `claim-expired:${claimId}`,
  redPacketExpired: (packetId: number) => `red-packet-expired:${packetId}`,
  transferReceived: (postingId: number) => `transfer-received:${postingId}`,
  claimAccepted: (claimId: number) => `claim-accepted:${claimId}`,
  offerAccepted: (offerId: number) => `offer-accepted:${offerId}`,
  toppedUp: (postingId: number) => `topped-up:${postingId}`,
  /** The payer hears of a refund. */
  refunded: (refundId: number) => `refunded:${refundId}`,
  /** The merchant's owner, and each cashier, hears 收款到账 for an order. */
  merchantPaid: (orderId: number, userId: number) => `merchant-paid:${orderId}:${userId}`,
  /** The payer hears how the review of a held payment ended (approved, rejected, expired). */
  paymentReviewed: (heldPaymentId: number) => `payment-reviewed:${heldPaymentId}`,
  /** The owner hears how a top-up or withdrawal ended, once. */
  bankOperationSettled: (operationToken: string) => `bank-operation:${operationToken}`,
}

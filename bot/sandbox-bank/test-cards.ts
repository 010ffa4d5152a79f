/**
 * How the sandbox bank treats a card, by its last four digits — as payment providers publish
 * test cards. Any card number passing the Luhn check works; these endings behave specially
 * (the README lists ready-made numbers):
 *   0002  every charge and payout declined (card_declined)
 *   0051  charges declined for insufficient funds (payouts work)
 *   0054  binding refused: the bank does not recognise the card (card_invalid)
 *   0091  charges and payouts get no answer (the connection drops); they settle as succeeded
 *         after the sandbox's hang time — the caller only learns by asking
 *   0092  the same, but they settle as declined
 * Every other card binds, and is charged and paid without trouble.
 */
export type CardBehaviour = 'normal' | 'declined' | 'insufficient_funds' | 'invalid' | 'hang_then_success' | 'hang_then_decline'

const BY_LAST4: Record<string, CardBehaviour> = {
  '0002': 'declined',
  '0051': 'insufficient_funds',
  '0054': 'invalid',
  '0091': 'hang_then_success',
  '0092': 'hang_then_decline',
}

export const behaviourOf = (cardNumber: string): CardBehaviour => BY_LAST4[cardNumber.slice(-4)] ?? 'normal'

/** Ready-made numbers (Luhn-valid, with known BINs) for each behaviour, for the README and the tests. */
export const TEST_CARDS = {
  normal: '6225881000051234', // 招商银行 储蓄卡
  normalCredit: '6259071000004321', // 中国银行 信用卡
  declined: '6222021000030002', // 工商银行 储蓄卡
  insufficientFunds: '6217001000020051', // 建设银行 储蓄卡
  invalid: '6228481000000054', // 农业银行 储蓄卡
  hangThenSuccess: '6216611000010091', // 中国银行 储蓄卡
  hangThenDecline: '6222621000010092', // 交通银行 储蓄卡
  unknownBin: '9558801000000008', // a BIN the wallet's table does not know: “bank card”
} as const

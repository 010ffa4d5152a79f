/**
 * How big money may get, anywhere. Both engines store amounts as signed 64-bit integers
 * (±9.2·10^18); SQLite silently turns an integer that overflows into a float, which would
 * corrupt a balance. So nothing is allowed near that edge:
 *  - one amount (a payment, a top-up, a configured limit) is at most MAX_AMOUNT_MINOR;
 *  - an account's balance stays within ±MAX_BALANCE_MINOR, a bound the ledger enforces in
 *    the same conditional UPDATE that moves the money.
 * With every balance within ±10^17, a sum over even 90 accounts stays inside int64, so the
 * auditor's totals cannot overflow either.
 */
export const MAX_AMOUNT_MINOR = 10n ** 15n
export const MAX_BALANCE_MINOR = 10n ** 17n

import type { RiskRules } from '../security/risk.js'

/** The rules the wallet runs by; the bot builds this from the environment. */
export interface WalletConfig {
  /** Currency of new wallets and of amounts typed without a symbol. */
  currency: string
  /** Telegram ids allowed to top up balances and run audits. */
  adminTelegramIds: ReadonlySet<bigint>
  /** Largest single payment (transfer, top-up) in minor units. */
  maxPaymentMinor: bigint
  /** Longest memo (characters) a payment can carry. */
  maxMemoLength: number
  /** Most that may leave one wallet in one day (its owner may set less): DAILY_LIMIT, for an account with a payment password and a verified phone. */
  dailyLimitMinor: bigint
  /** The same for an account with a payment password but no verified phone: DAILY_LIMIT_UNVERIFIED. */
  unverifiedDailyLimitMinor: bigint
  /** The same for an account that also has a bank card bound (the highest level): DAILY_LIMIT_CARD. */
  cardDailyLimitMinor: bigint
  /** Moving money between the wallet and bank cards. */
  bank: BankRules
  /** How long an unfreeze asked for by the owner waits before it takes effect. */
  unfreezeCooldownMs: number
  /** How long after a payment its merchant may refund it (REFUND_WINDOW_DAYS). */
  refundWindowMs: number
  /** How long a payment held for review waits for an admin before it goes back to the payer (REVIEW_TIMEOUT_HOURS). */
  reviewTimeoutMs: number
  /** IANA zone of anyone who has not chosen one (`TZ`): their bills, statements and schedule. */
  timeZone: string
  /** 小额免密: what may be paid without the payment password. */
  passwordFree: PasswordFreeRules
  /** Wrong password entries in a row before payments lock, and for how long. */
  passwordLock: PasswordLockRules
  /** After a password reset (through the verified phone), a lower daily limit for a while. */
  passwordReset: PasswordResetRules
  /** Risk control's thresholds (RISK_RULES overrides them). */
  risk: RiskRules
}

export interface BankRules {
  /** What a wallet may withdraw without a fee over its whole life (WITHDRAWAL_FREE_ALLOWANCE; WeChat: ¥1,000). */
  withdrawalFreeAllowanceMinor: bigint
  /** The fee on what is withdrawn beyond it, in basis points (WITHDRAWAL_FEE_BP; WeChat: 10 = 0.1%)… */
  withdrawalFeeBasisPoints: bigint
  /** …and never less than this (WITHDRAWAL_FEE_MIN; WeChat: ¥0.10). */
  withdrawalFeeMinMinor: bigint
}

export interface PasswordResetRules {
  /** RESET_DAILY_LIMIT */
  dailyLimitMinor: bigint
  /** RESET_REDUCED_HOURS */
  reducedMs: number
}

export interface PasswordFreeRules {
  /** A payment up to this needs no password, unless its owner set less (PASSWORD_FREE_PAYMENT). */
  paymentMinor: bigint
  /** The most paid without the password in a day, unless its owner set less (PASSWORD_FREE_DAILY). */
  dailyMinor: bigint
  /** The most an owner may raise their own two amounts to (PASSWORD_FREE_PAYMENT_MAX, PASSWORD_FREE_DAILY_MAX). */
  paymentCapMinor: bigint
  dailyCapMinor: bigint
  /** Before a password is set, the most that may leave the wallet in a day (NO_PASSWORD_DAILY). */
  withoutPasswordDailyMinor: bigint
}

export interface PasswordLockRules {
  /** PASSWORD_MAX_TRIES */
  maxTries: number
  /** PASSWORD_LOCK_HOURS */
  lockMs: number
}

/** What the authorization step in front of every debit needs of the wallet's rules. */
export type SecurityRules = Pick<WalletConfig, 'dailyLimitMinor' | 'unverifiedDailyLimitMinor' | 'cardDailyLimitMinor' | 'timeZone' | 'passwordFree' | 'passwordReset' | 'risk' | 'currency' | 'reviewTimeoutMs'>

/** What setting and checking the payment password needs. */
export type PasswordRules = Pick<WalletConfig, 'passwordLock' | 'passwordReset'>

export const DEFAULT_MAX_MEMO_LENGTH = 100

/** Admins top up wallets and run audits; the bot asks this before showing admin commands. */
export const isAdmin = (config: WalletConfig, telegramId: bigint | number) => config.adminTelegramIds.has(BigInt(telegramId))

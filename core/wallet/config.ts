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
  /** Most that may leave one wallet in one day (its owner may set less): DAILY_LIMIT. */
  dailyLimitMinor: bigint
  /** How long an unfreeze asked for by the owner waits before it takes effect. */
  unfreezeCooldownMs: number
  /** IANA zone of anyone who has not chosen one (`TZ`): their bills, statements and schedule. */
  timeZone: string
}

/** What the authorization step in front of every debit needs of the wallet's rules. */
export type SecurityRules = Pick<WalletConfig, 'dailyLimitMinor' | 'timeZone'>

export const DEFAULT_MAX_MEMO_LENGTH = 100

/** Admins top up wallets and run audits; the bot asks this before showing admin commands. */
export const isAdmin = (config: WalletConfig, telegramId: bigint | number) => config.adminTelegramIds.has(BigInt(telegramId))

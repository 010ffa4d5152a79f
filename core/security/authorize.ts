import type { Database } from '../db/database.js'
import { asBigint, asBigintOrNull, asDate, asDateOrNull, asNumber, type Tx } from '../db/port.js'
import { ensureWalletAccount } from '../ledger/accounts.js'
import { DomainError } from '../errors.js'
import { formatMonth, localTime } from '../statements/calendar.js'
import { noteSpending } from '../wallet/budget.js'
import type { SecurityRules } from '../wallet/config.js'
import { hasVerifiedEntry, useVerifiedEntry } from './password-entry.js'
import { assessRisk, type RiskDecision } from './risk.js'

/** Every way money can leave a wallet; each goes through authorizeDebit. */
export type DebitFlow = 'transfer' | 'claim' | 'inline_offer' | 'red_packet' | 'merchant' | 'withdrawal'

/** A payment about to leave a wallet: who pays, how much, by which flow. */
export interface DebitIntent {
  /** The posting that moves the money (new, not a replay). */
  postingId: number
  userId: number
  amountMinor: bigint
  currency: string
  flow: DebitFlow
  /**
   * This payment as a password keypad names it (`card:<token>`, see entryTargets), derived by
   * the flow from what it pays: above the free amounts, a keypad entry the payer verified for
   * exactly this target lets it through, and is used up. Null where no keypad can be typed
   * for the payment (an inline offer): it must be password-free.
   */
  target: string | null
  /** The one wallet that gets the money, when there is one (a transfer; not an escrow). */
  payeeAccountId: number | null
}

/** A payment the risk rules hold for review (review.ts) rather than pay: it passed everything else. */
export interface ReviewOrder {
  /** The rules that held it, each `rule:action`. */
  reasons: string
  /** The day of the daily limit it was counted in (given back if it is returned). */
  spendingDay: string
}

/**
 * Flows whose payee waits for nothing but the money can hold it for review. An inline offer's
 * receiver, a red packet's group and a claim link's taker are each waiting on a card that
 * must say yes or no now: there a hold refuses the payment instead.
 */
const HOLDABLE_FLOWS: ReadonlySet<DebitFlow> = new Set(['transfer'])

/** The users columns a daily limit is read from. */
export const LIMIT_COLUMNS = 'daily_limit_minor, limit_raise_at, limit_raise_to_minor, limits_reduced_until, password_hash, phone_verified_at, card_bound_at'

interface PayerSecurity {
  budgeted: boolean
  frozen: boolean
  hasPassword: boolean
  passwordLockedUntil: Date | null
  dailyLimitMinor: bigint
  free: { paymentMinor: bigint; dailyMinor: bigint }
  createdAt: Date
  passwordFailures: number
}

/**
 * The one authorization step of every debit, run inside the debit's own unit of work so
 * that nothing can slip between the check and the money, in this order:
 *  1. a frozen account pays nothing, nor one whose password is locked (someone is guessing);
 *  2. the risk rules (risk.ts): a refusal, the password asked for even below the free
 *     amounts, or that and a hold for review (then the flow puts the money in the review
 *     escrow instead of paying: the ReviewOrder returned); what they did not simply allow is
 *     recorded in risk_decisions;
 *  3. the day's spending must fit the daily limit;
 *  4. the payment password, unless the payment is password-free (小额免密: up to the owner's
 *     per-payment amount and within their daily password-free total) — or, before a password
 *     is set, within the small daily amount allowed without one.
 * Steps 3 and 4 are one conditional update of the payer's counters for the day, so fifty
 * payments at once pass exactly as many as fit. The day is the wallet's (TZ), not the
 * person's own zone: a zone anyone can change at will would start a new day, and a fresh
 * limit, whenever they liked.
 * Flows call it right after their posting has claimed its idempotency key and only when that
 * posting is new (a flow that can hold, before it applies the posting): a replay is answered as the first time without being counted twice, and a
 * refusal rolls the posting back with the rest of the unit. A payer who keeps a budget gets a
 * budget check queued in the outbox (run after the commit, never inside the payment).
 */
export async function authorizeDebit(tx: Tx, config: SecurityRules, intent: DebitIntent): Promise<ReviewOrder | null> {
  const payer = await payerWhoCanPay(tx, config, intent.userId)
  const risk = await assessRisk(tx, config.risk, {
    userId: intent.userId,
    walletAccountId: await ensureWalletAccount(tx, intent.userId, intent.currency),
    postingId: intent.postingId,
    payeeAccountId: intent.payeeAccountId,
    amountMinor: intent.amountMinor,
    accountCreatedAt: payer.createdAt,
    passwordFailures: payer.passwordFailures,
  })
  // Risk asks for the password (a hold asks for it too): without one to ask, the payment
  // cannot go through; nor can a hold where the payment cannot wait.
  const holdable = HOLDABLE_FLOWS.has(intent.flow) && intent.payeeAccountId !== null
  if (risk.action === 'block' || (risk.action !== 'allow' && !payer.hasPassword) || (risk.action === 'hold' && !holdable)) throw riskRefusal(intent, risk)
  const day = dayOf(tx.now, config.timeZone)
  const count = (freeMinor: bigint) => countSpending(tx, intent.userId, day, intent.amountMinor, freeMinor, payer, config)
  const free =
    risk.action === 'allow' &&
    (payer.hasPassword
      ? intent.amountMinor <= payer.free.paymentMinor && intent.amountMinor <= payer.free.dailyMinor
      : intent.amountMinor <= config.passwordFree.withoutPasswordDailyMinor)
  // A payment that can never fit touches no counter. Password-free first; then, with a
  // password given for this very payment, as a payment the password allowed.
  const withinLimit = intent.amountMinor <= payer.dailyLimitMinor
  let counted = withinLimit && free && (await count(intent.amountMinor))
  if (!counted && withinLimit && payer.hasPassword && intent.target !== null && (await useVerifiedEntry(tx, intent.userId, intent.target))) {
    counted = await count(0n)
  }
  if (counted) {
    if (payer.budgeted) await noteSpending(tx, intent.userId, intent.postingId)
    if (risk.action !== 'allow') await recordRiskDecision(tx, intent, risk, intent.postingId)
    return risk.action === 'hold' ? { reasons: reasonsText(risk), spendingDay: day } : null
  }
  throw withRiskDecision(await refusal(tx, config, intent, payer, day), intent, risk)
}

/** A payment the risk rules refused. */
function riskRefusal(intent: DebitIntent, risk: RiskDecision): DomainError {
  const error = new DomainError('RISK_BLOCKED', { rules: risk.reasons.map((reason) => reason.rule).join(', ') }, { ownerUserId: intent.userId })
  return withRiskDecision(error, intent, risk)
}

/**
 * A refused payment's unit of work rolls back, so a risk decision (not a plain allow) travels
 * on the error and is recorded by the module that ran the unit, in a unit of its own
 * (recordRiskRefusal).
 */
function withRiskDecision(error: DomainError, intent: DebitIntent, risk: RiskDecision): DomainError {
  return risk.action === 'allow' ? error : Object.assign(error, { riskDecision: { intent, risk } })
}

function recordRiskDecision(tx: Tx, intent: Pick<DebitIntent, 'userId' | 'flow' | 'amountMinor' | 'currency'>, risk: RiskDecision, postingId: number | null): Promise<number> {
  return tx.run(
    'INSERT INTO risk_decisions (user_id, flow, amount_minor, currency, action, reasons, posting_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    intent.userId,
    intent.flow,
    intent.amountMinor,
    intent.currency,
    risk.action,
    reasonsText(risk),
    postingId,
    tx.now,
  )
}

const reasonsText = (risk: RiskDecision) => risk.reasons.map((reason) => `${reason.rule}:${reason.action}`).join(',')

/** Records the risk decision a refused payment carries (see withRiskDecision); other errors pass. */
export async function recordRiskRefusal(db: Database, error: unknown): Promise<void> {
  const decision = (error as { riskDecision?: { intent: DebitIntent; risk: RiskDecision } } | null)?.riskDecision
  if (decision) await db.write((tx) => recordRiskDecision(tx, decision.intent, decision.risk, null))
}

/**
 * For flows that cannot ask for the password (inline mode), before they start: refuses, as the
 * payment itself would be refused now, one that would not go through without the password —
 * unless the password was already given for it (`target`, a red packet confirmed on its
 * private card). Counts nothing; the payment is authorized again, for real, when it happens.
 */
export async function assertPayableWithoutPassword(tx: Tx, config: SecurityRules, payment: RefusedPayment, target: string | null = null): Promise<void> {
  const payer = await payerWhoCanPay(tx, config, payment.userId)
  if (target !== null && (await hasVerifiedEntry(tx, payment.userId, target))) return
  const day = dayOf(tx.now, config.timeZone)
  const today = await spendingOn(tx, payment.userId, day)
  const freeCapMinor = payer.hasPassword ? payer.free.dailyMinor : config.passwordFree.withoutPasswordDailyMinor
  const fits =
    today.spentMinor + payment.amountMinor <= payer.dailyLimitMinor &&
    today.freeMinor + payment.amountMinor <= freeCapMinor &&
    (!payer.hasPassword || payment.amountMinor <= payer.free.paymentMinor)
  if (!fits) throw await refusal(tx, config, payment, payer, day)
}

/** The payer, unless frozen or locked out by wrong passwords (then nothing leaves the wallet). */
async function payerWhoCanPay(tx: Tx, config: SecurityRules, userId: number): Promise<PayerSecurity> {
  const payer = await payerSecurity(tx, config, userId)
  if (payer.frozen) throw new DomainError('ACCOUNT_FROZEN', {}, { ownerUserId: userId })
  if (payer.passwordLockedUntil) throw new DomainError('PASSWORD_LOCKED', { unlocksAt: payer.passwordLockedUntil.toISOString() }, { ownerUserId: userId })
  return payer
}

/**
 * Adds the payment to the payer's day, `freeMinor` of it as paid without the password, only if
 * the day still fits the limit (and, for a password-free part, the free total): decided by the
 * row's latest committed value, so concurrent payments cannot pass together.
 */
async function countSpending(tx: Tx, userId: number, day: string, amountMinor: bigint, freeMinor: bigint, payer: PayerSecurity, config: SecurityRules): Promise<boolean> {
  const freeCapMinor = payer.hasPassword ? payer.free.dailyMinor : config.passwordFree.withoutPasswordDailyMinor
  const changed = await tx.run(
    `INSERT INTO daily_spending (user_id, day, spent_minor, free_minor) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, day) DO UPDATE SET spent_minor = daily_spending.spent_minor + excluded.spent_minor, free_minor = daily_spending.free_minor + excluded.free_minor
     WHERE daily_spending.spent_minor + excluded.spent_minor <= ? AND (excluded.free_minor = 0 OR daily_spending.free_minor + excluded.free_minor <= ?)`,
    userId,
    day,
    amountMinor,
    freeMinor,
    payer.dailyLimitMinor,
    freeCapMinor,
  )
  return changed === 1
}

/**
 * Takes a payment that did not happen after all (a held payment rejected, a withdrawal the
 * bank refused) back out of the payer's day, so it no longer counts against the daily limit.
 * Its password-free part stays counted: that only errs towards asking for the password.
 */
export async function uncountSpending(tx: Tx, userId: number, day: string, amountMinor: bigint): Promise<void> {
  await tx.run('UPDATE daily_spending SET spent_minor = spent_minor - ? WHERE user_id = ? AND day = ? AND spent_minor >= ?', amountMinor, userId, day, amountMinor)
}

type RefusedPayment = Pick<DebitIntent, 'userId' | 'amountMinor' | 'currency'>

/** Why a debit did not fit: the allowance without a password, the daily limit (a password would not help), then the password. */
async function refusal(tx: Tx, config: SecurityRules, intent: RefusedPayment, payer: PayerSecurity, day: string): Promise<DomainError> {
  const today = await spendingOn(tx, intent.userId, day)
  const owner = { ownerUserId: intent.userId }
  const left = (capMinor: bigint, usedMinor: bigint) => (capMinor > usedMinor ? capMinor - usedMinor : 0n).toString()
  const amounts = { amountMinor: intent.amountMinor.toString(), currency: intent.currency }
  // Without a password everything counts as password-free: over that allowance, setting a
  // password is what helps (it also raises the limit).
  const withoutPasswordMinor = config.passwordFree.withoutPasswordDailyMinor
  if (!payer.hasPassword && today.freeMinor + intent.amountMinor > withoutPasswordMinor) {
    return new DomainError('PASSWORD_SETUP_NEEDED', { ...amounts, limitMinor: withoutPasswordMinor.toString(), leftMinor: left(withoutPasswordMinor, today.freeMinor) }, owner)
  }
  if (today.spentMinor + intent.amountMinor > payer.dailyLimitMinor) {
    return new DomainError('DAILY_LIMIT_EXCEEDED', { ...amounts, limitMinor: payer.dailyLimitMinor.toString(), leftMinor: left(payer.dailyLimitMinor, today.spentMinor), zone: config.timeZone }, owner)
  }
  return new DomainError('PASSWORD_REQUIRED', {}, owner)
}

const PAYER_COLUMNS = `${LIMIT_COLUMNS}, frozen_at, unfreeze_at, monthly_budget_minor, password_locked_until, password_failures, free_payment_minor, free_daily_minor, created_at`

async function payerSecurity(tx: Tx, config: SecurityRules, userId: number): Promise<PayerSecurity> {
  const row = await tx.get<Record<string, unknown>>(`SELECT ${PAYER_COLUMNS} FROM users WHERE id = ?`, userId)
  if (!row) throw new DomainError('USER_NOT_FOUND')
  const lockedUntil = asDateOrNull(row.password_locked_until)
  return {
    budgeted: row.monthly_budget_minor !== null,
    frozen: isFrozen(asDateOrNull(row.frozen_at), asDateOrNull(row.unfreeze_at), tx.now),
    hasPassword: row.password_hash !== null,
    passwordLockedUntil: lockedUntil && lockedUntil > tx.now ? lockedUntil : null,
    dailyLimitMinor: effectiveLimit(row, config, tx.now),
    free: effectiveFree(row, config),
    createdAt: asDate(row.created_at),
    passwordFailures: asNumber(row.password_failures),
  }
}

/** The users columns the password-free amounts are read from. */
export const FREE_COLUMNS = 'free_payment_minor, free_daily_minor'

/** The owner's password-free amounts: their own (never above the wallet's caps), or the wallet's defaults. */
export function effectiveFree(row: Record<string, unknown>, config: SecurityRules): { paymentMinor: bigint; dailyMinor: bigint } {
  const { passwordFree: rules } = config
  const own = (value: unknown, fallback: bigint, cap: bigint) => {
    const minor = asBigintOrNull(value)
    return minor === null ? fallback : minor < cap ? minor : cap
  }
  return { paymentMinor: own(row.free_payment_minor, rules.paymentMinor, rules.paymentCapMinor), dailyMinor: own(row.free_daily_minor, rules.dailyMinor, rules.dailyCapMinor) }
}

/**
 * How far an account is verified decides the most it may ever spend in a day: without a
 * password, no more than NO_PASSWORD_DAILY; with a password only, DAILY_LIMIT_UNVERIFIED; with
 * a verified phone too, DAILY_LIMIT; and with a bank card bound as well, DAILY_LIMIT_CARD
 * (the lower levels never above DAILY_LIMIT).
 */
export function levelLimit(row: Record<string, unknown>, config: SecurityRules): bigint {
  if (row.password_hash !== null && row.phone_verified_at !== null && row.card_bound_at !== null && row.card_bound_at !== undefined) {
    return config.cardDailyLimitMinor > config.dailyLimitMinor ? config.cardDailyLimitMinor : config.dailyLimitMinor
  }
  const cap = row.password_hash === null ? config.passwordFree.withoutPasswordDailyMinor : row.phone_verified_at === null ? config.unverifiedDailyLimitMinor : config.dailyLimitMinor
  return cap < config.dailyLimitMinor ? cap : config.dailyLimitMinor
}

/**
 * The limit in force: the owner's own (never above their level's), or the raise they asked
 * for once its cool-down has passed (null raises back to the level's) — and for a while after
 * a password reset, never above the reset's lower limit.
 */
export function effectiveLimit(row: Record<string, unknown>, config: SecurityRules, now: Date): bigint {
  const raiseAt = asDateOrNull(row.limit_raise_at)
  const own = raiseAt && raiseAt <= now ? asBigintOrNull(row.limit_raise_to_minor) : asBigintOrNull(row.daily_limit_minor)
  const level = levelLimit(row, config)
  const limit = own !== null && own < level ? own : level
  const reducedUntil = asDateOrNull(row.limits_reduced_until)
  return reducedUntil && reducedUntil > now && config.passwordReset.dailyLimitMinor < limit ? config.passwordReset.dailyLimitMinor : limit
}

/** Frozen from `frozenAt` until an unfreeze that was asked for comes due. */
export const isFrozen = (frozenAt: Date | null, unfreezeAt: Date | null, now: Date) => frozenAt !== null && (unfreezeAt === null || unfreezeAt > now)

const lastDay = new Map<string, { minute: number; day: string }>()

/**
 * `YYYY-MM-DD` in the zone: the day a daily limit counts in. Remembered per zone for the
 * minute (every zone's offset is whole minutes): Intl costs microseconds, on every payment.
 */
export function dayOf(at: Date, timeZone: string): string {
  const minute = Math.floor(at.getTime() / 60_000)
  const last = lastDay.get(timeZone)
  if (last?.minute === minute) return last.day
  const local = localTime(at, timeZone)
  const day = `${formatMonth(local.year, local.month)}-${String(local.day).padStart(2, '0')}`
  if (lastDay.size > 1_000) lastDay.clear()
  lastDay.set(timeZone, { minute, day })
  return day
}

/** What left the wallet on `day`, and the part of it paid without the password. */
export async function spendingOn(tx: Tx, userId: number, day: string): Promise<{ spentMinor: bigint; freeMinor: bigint }> {
  const row = await tx.get<Record<string, unknown>>('SELECT spent_minor, free_minor FROM daily_spending WHERE user_id = ? AND day = ?', userId, day)
  return row ? { spentMinor: asBigint(row.spent_minor), freeMinor: asBigint(row.free_minor) } : { spentMinor: 0n, freeMinor: 0n }
}

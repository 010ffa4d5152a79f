import { asBigint, asBigintOrNull, asDateOrNull, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { formatMonth, localTime } from '../statements/calendar.js'
import { noteSpending } from '../wallet/budget.js'
import type { SecurityRules } from '../wallet/config.js'

/** Every way money can leave a wallet; each goes through authorizeDebit. */
export type DebitFlow = 'transfer' | 'claim' | 'inline_offer' | 'red_packet'

/** A payment about to leave a wallet: who pays, how much, by which flow. */
export interface DebitIntent {
  /** The posting that moves the money (new, not a replay). */
  postingId: number
  userId: number
  amountMinor: bigint
  currency: string
  flow: DebitFlow
}

interface PayerSecurity {
  budgeted: boolean
  frozen: boolean
  dailyLimitMinor: bigint
}

/**
 * The one authorization step of every debit, run inside the debit's own unit of work so
 * that nothing can slip between the check and the money: a frozen account pays nothing, and
 * the day's spending must fit the daily limit, a conditional update of the payer's counter
 * for the day, so fifty payments at once pass exactly as many as fit. The day is the
 * wallet's (TZ), not the person's own zone: a zone anyone can change at will would start a
 * new day, and a fresh limit, whenever they liked.
 * Flows call it right after their posting has claimed its idempotency key and only when that
 * posting is new: a replay is answered as the first time without being counted twice, and a
 * refusal rolls the posting back with the rest of the unit. A payer who keeps a budget gets a
 * budget check queued in the outbox (run after the commit, never inside the payment).
 * A payment password and risk rules are not built yet; they join here: risk, limits, password.
 */
export async function authorizeDebit(tx: Tx, config: SecurityRules, intent: DebitIntent): Promise<void> {
  const payer = await payerSecurity(tx, config, intent.userId)
  if (payer.frozen) throw new DomainError('ACCOUNT_FROZEN', {}, { ownerUserId: intent.userId })
  const day = dayOf(tx.now, config.timeZone)
  // A payment above the whole limit never touches the counter; any other is added to the
  // day's row only if the sum still fits, decided by the row's latest committed value.
  const counted =
    intent.amountMinor <= payer.dailyLimitMinor &&
    (await tx.run(
      `INSERT INTO daily_spending (user_id, day, spent_minor) VALUES (?, ?, ?)
       ON CONFLICT (user_id, day) DO UPDATE SET spent_minor = daily_spending.spent_minor + excluded.spent_minor
       WHERE daily_spending.spent_minor + excluded.spent_minor <= ?`,
      intent.userId,
      day,
      intent.amountMinor,
      payer.dailyLimitMinor,
    )) === 1
  if (counted) {
    if (payer.budgeted) await noteSpending(tx, intent.userId, intent.postingId)
    return
  }
  const spent = await spentOn(tx, intent.userId, day)
  const leftMinor = payer.dailyLimitMinor > spent ? payer.dailyLimitMinor - spent : 0n
  throw new DomainError(
    'DAILY_LIMIT_EXCEEDED',
    { limitMinor: payer.dailyLimitMinor.toString(), leftMinor: leftMinor.toString(), amountMinor: intent.amountMinor.toString(), currency: intent.currency, zone: config.timeZone },
    { ownerUserId: intent.userId },
  )
}

async function payerSecurity(tx: Tx, config: SecurityRules, userId: number): Promise<PayerSecurity> {
  const row = await tx.get<Record<string, unknown>>(`SELECT ${LIMIT_COLUMNS}, frozen_at, unfreeze_at, monthly_budget_minor FROM users WHERE id = ?`, userId)
  if (!row) throw new DomainError('USER_NOT_FOUND')
  return {
    budgeted: row.monthly_budget_minor !== null,
    frozen: isFrozen(asDateOrNull(row.frozen_at), asDateOrNull(row.unfreeze_at), tx.now),
    dailyLimitMinor: effectiveLimit(row, config, tx.now),
  }
}

/** The users columns a daily limit is read from. */
export const LIMIT_COLUMNS = 'daily_limit_minor, limit_raise_at, limit_raise_to_minor'

/**
 * The limit in force: the owner's own (never above the wallet's), or the raise they asked
 * for once its cool-down has passed (null raises back to the wallet's).
 */
export function effectiveLimit(row: Record<string, unknown>, config: SecurityRules, now: Date): bigint {
  const raiseAt = asDateOrNull(row.limit_raise_at)
  const own = raiseAt && raiseAt <= now ? asBigintOrNull(row.limit_raise_to_minor) : asBigintOrNull(row.daily_limit_minor)
  return own !== null && own < config.dailyLimitMinor ? own : config.dailyLimitMinor
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

export async function spentOn(tx: Tx, userId: number, day: string): Promise<bigint> {
  const row = await tx.get<{ spent_minor: unknown }>('SELECT spent_minor FROM daily_spending WHERE user_id = ? AND day = ?', userId, day)
  return row ? asBigint(row.spent_minor) : 0n
}

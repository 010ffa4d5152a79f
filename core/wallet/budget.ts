import type { Database } from '../db/database.js'
import { asBigint, asBigintOrNull, type Tx } from '../db/port.js'
import { enqueue } from '../outbox/outbox.js'
import { monthOf, monthRange, type Month } from '../statements/calendar.js'

/** Shares of a monthly budget at which its owner is told, once each per month. */
const THRESHOLDS = [100, 80] as const

/**
 * Money just left the wallet of someone who keeps a budget: ask for a budget check after the
 * commit. The check itself (a sum over the month) runs from the outbox, never inside the payment.
 */
export function noteSpending(tx: Tx, userId: number, postingId: number): Promise<void> {
  return enqueue(tx, { dedupeKey: `budget_check:${postingId}`, type: 'budget_check', userId, data: {} })
}

export interface BudgetStatus {
  month: Month
  budgetMinor: bigint | null
  /** Money that left the wallet this month (as the statement counts spending). */
  spentMinor: bigint
}

async function spentIn(tx: Tx, userId: number, currency: string, from: Date, to: Date): Promise<bigint> {
  const row = await tx.get<{ spent: unknown }>(
    `SELECT CAST(COALESCE(SUM(-e.amount_minor), 0) AS BIGINT) AS spent FROM accounts w JOIN entries e ON e.account_id = w.id
     WHERE w.kind = 'wallet' AND w.user_id = ? AND w.currency = ? AND e.amount_minor < 0 AND e.created_at >= ? AND e.created_at < ?`,
    userId,
    currency,
    from,
    to,
  )
  return asBigint(row?.spent ?? 0n)
}

async function statusIn(tx: Tx, userId: number, currency: string, timeZone: string): Promise<BudgetStatus> {
  const month = monthOf(tx.now, timeZone)
  const { from, to } = monthRange(month, timeZone)
  const user = await tx.get<{ monthly_budget_minor: unknown }>('SELECT monthly_budget_minor FROM users WHERE id = ?', userId)
  return { month, budgetMinor: asBigintOrNull(user?.monthly_budget_minor), spentMinor: await spentIn(tx, userId, currency, from, to) }
}

export function budgetStatus(db: Database, userId: number, currency: string, timeZone: string): Promise<BudgetStatus> {
  return db.read((tx) => statusIn(tx, userId, currency, timeZone))
}

/**
 * The check a payment asked for: when this month's spending has passed 80% or 100% of the
 * budget, writes that alert to the outbox under a key per (user, month, threshold), so each
 * is told once a month however many checks run. Past 100% the 80% one is no longer news.
 * Returns the keys of the alerts it wrote, for delivery now.
 */
export function checkBudget(db: Database, userId: number, currency: string, timeZone: string): Promise<string[]> {
  return db.write(async (tx) => {
    const status = await statusIn(tx, userId, currency, timeZone)
    if (status.budgetMinor === null || status.budgetMinor <= 0n) return []
    const threshold = THRESHOLDS.find((share) => status.spentMinor * 100n >= status.budgetMinor! * BigInt(share))
    if (threshold === undefined) return []
    const dedupeKey = `budget:${userId}:${status.month}:${threshold}`
    const percent = Number((status.spentMinor * 100n) / status.budgetMinor)
    await enqueue(tx, {
      dedupeKey,
      type: 'budget_alert',
      userId,
      data: { threshold, percent, month: status.month, budgetMinor: status.budgetMinor.toString(), spentMinor: status.spentMinor.toString(), currency },
    })
    return [dedupeKey]
  })
}

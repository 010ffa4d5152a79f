import type { Database } from '../db/database.js'
import { asBigintOrNull, asDate, asDateOrNull, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import type { SecurityRules } from '../wallet/config.js'
import { dayOf, isFrozen, spentOn } from './authorize.js'

export type SecurityEventKind = 'freeze' | 'unfreeze_requested' | 'unfreeze' | 'limit_changed'

export interface SecurityEvent {
  kind: SecurityEventKind
  at: Date
  /** The admin who acted; null when the owner did. */
  actorTelegramId: bigint | null
  detail: string | null
}

export interface SecurityStatus {
  frozen: boolean
  frozenAt: Date | null
  /** When an unfreeze the owner asked for takes effect. */
  unfreezeAt: Date | null
  dailyLimitMinor: bigint
  spentTodayMinor: bigint
  timeZone: string
  recent: SecurityEvent[]
}

const RECENT_EVENTS = 5

function record(tx: Tx, userId: number, kind: SecurityEventKind, actorTelegramId: bigint | null, detail: string | null = null): Promise<number> {
  return tx.run('INSERT INTO security_events (user_id, kind, actor_telegram_id, detail, created_at) VALUES (?, ?, ?, ?, ?)', userId, kind, actorTelegramId, detail, tx.now)
}

/**
 * Freezes payments out of the wallet at once (冻结): every debit is refused from the next
 * unit of work on, money still comes in. By the owner (`actorTelegramId` null) or an admin;
 * a freeze also cancels an unfreeze that was waiting.
 */
export function freeze(db: Database, userId: number, actorTelegramId: bigint | null, reason: string | null = null): Promise<void> {
  return db.write(async (tx) => {
    await tx.run('UPDATE users SET frozen_at = COALESCE(frozen_at, ?), unfreeze_at = NULL, updated_at = ? WHERE id = ?', tx.now, tx.now, userId)
    await record(tx, userId, 'freeze', actorTelegramId, reason)
  })
}

/**
 * The owner asks to unfreeze: it takes effect after the cool-down, so someone who took over
 * the account cannot freeze-proof it and spend at once. Returns when payments resume.
 */
export function requestUnfreeze(db: Database, userId: number, cooldownMs: number): Promise<Date> {
  return db.write(async (tx) => {
    const row = await tx.get<Record<string, unknown>>('SELECT frozen_at, unfreeze_at FROM users WHERE id = ?', userId)
    if (!row || !isFrozen(asDateOrNull(row.frozen_at), asDateOrNull(row.unfreeze_at), tx.now)) throw new DomainError('NOT_FROZEN')
    const waiting = asDateOrNull(row.unfreeze_at)
    if (waiting) return waiting
    const unfreezeAt = new Date(tx.now.getTime() + cooldownMs)
    await tx.run('UPDATE users SET unfreeze_at = ?, updated_at = ? WHERE id = ?', unfreezeAt, tx.now, userId)
    await record(tx, userId, 'unfreeze_requested', null)
    return unfreezeAt
  })
}

/** An admin lifts a freeze at once (audited with their id). */
export function unfreezeNow(db: Database, userId: number, actorTelegramId: bigint): Promise<void> {
  return db.write(async (tx) => {
    if ((await tx.run('UPDATE users SET frozen_at = NULL, unfreeze_at = NULL, updated_at = ? WHERE id = ? AND frozen_at IS NOT NULL', tx.now, userId)) === 0) {
      throw new DomainError('NOT_FROZEN')
    }
    await record(tx, userId, 'unfreeze', actorTelegramId)
  })
}

/** The owner lowers (or restores, with null) their daily limit; never above the wallet's. */
export async function setDailyLimit(db: Database, rules: SecurityRules & { currency: string }, userId: number, limitMinor: bigint | null): Promise<void> {
  if (limitMinor !== null && limitMinor > rules.dailyLimitMinor) {
    throw new DomainError('LIMIT_ABOVE_DEFAULT', { maxMinor: rules.dailyLimitMinor.toString(), currency: rules.currency })
  }
  return db.write(async (tx) => {
    await tx.run('UPDATE users SET daily_limit_minor = ?, updated_at = ? WHERE id = ?', limitMinor, tx.now, userId)
    await record(tx, userId, 'limit_changed', null, limitMinor === null ? null : limitMinor.toString())
  })
}

export function securityStatus(db: Database, rules: SecurityRules, userId: number): Promise<SecurityStatus> {
  return db.read(async (tx) => {
    const row = await tx.get<Record<string, unknown>>('SELECT time_zone, frozen_at, unfreeze_at, daily_limit_minor FROM users WHERE id = ?', userId)
    if (!row) throw new DomainError('USER_NOT_FOUND')
    const timeZone = (row.time_zone as string | null) ?? rules.timeZone
    const own = asBigintOrNull(row.daily_limit_minor)
    const frozenAt = asDateOrNull(row.frozen_at)
    const unfreezeAt = asDateOrNull(row.unfreeze_at)
    const events = await tx.all<Record<string, unknown>>(
      'SELECT kind, actor_telegram_id, detail, created_at FROM security_events WHERE user_id = ? ORDER BY id DESC LIMIT ?',
      userId,
      RECENT_EVENTS,
    )
    return {
      frozen: isFrozen(frozenAt, unfreezeAt, tx.now),
      frozenAt,
      unfreezeAt,
      dailyLimitMinor: own !== null && own < rules.dailyLimitMinor ? own : rules.dailyLimitMinor,
      spentTodayMinor: await spentOn(tx, userId, dayOf(tx.now, timeZone)),
      timeZone,
      recent: events.map((event) => ({
        kind: event.kind as SecurityEventKind,
        at: asDate(event.created_at),
        actorTelegramId: asBigintOrNull(event.actor_telegram_id),
        detail: (event.detail as string | null) ?? null,
      })),
    }
  })
}

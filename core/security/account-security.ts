import type { Database } from '../db/database.js'
import { asBigintOrNull, asDate, asDateOrNull, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import type { SecurityRules } from '../wallet/config.js'
import { dayOf, effectiveFree, effectiveLimit, FREE_COLUMNS, isFrozen, LIMIT_COLUMNS, spendingOn } from './authorize.js'
import { entryTargets, useVerifiedEntry } from './password-entry.js'

export type SecurityEventKind =
  | 'freeze'
  | 'unfreeze_requested'
  | 'unfreeze'
  | 'limit_changed'
  | 'limit_raise_requested'
  | 'password_set'
  | 'password_changed'
  | 'password_failed'
  | 'password_locked'
  | 'free_changed'
  | 'phone_verified'
  | 'password_reset'
  | 'payment_held'
  | 'payment_approved'
  | 'payment_rejected'
  | 'payment_expired'
  | 'card_bound'
  | 'card_unbound'

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
  /** A raise of the limit waiting out its cool-down, and to what (null: the wallet's). */
  limitRaise: { at: Date; toMinor: bigint | null } | null
  spentTodayMinor: bigint
  /** Frozen by an admin: only an admin can lift it. */
  frozenByAdmin: boolean
  hasPassword: boolean
  /** The verified phone number, masked (`+86138****5678`), or null. */
  phoneMasked: string | null
  /** After a password reset, the lower limit applies until then. */
  limitsReducedUntil: Date | null
  /** Payments needing the password are refused until then (too many wrong entries). */
  passwordLockedUntil: Date | null
  /** 小额免密 in force: per payment and per day, and what was paid without the password today. */
  free: { paymentMinor: bigint; dailyMinor: bigint; usedTodayMinor: bigint }
  timeZone: string
  recent: SecurityEvent[]
}

const RECENT_EVENTS = 5

/** Appends to the account's security log (shown in the security center, kept for audits). */
export function recordSecurityEvent(tx: Tx, userId: number, kind: SecurityEventKind, actorTelegramId: bigint | null, detail: string | null = null): Promise<number> {
  return tx.run('INSERT INTO security_events (user_id, kind, actor_telegram_id, detail, created_at) VALUES (?, ?, ?, ?, ?)', userId, kind, actorTelegramId, detail, tx.now)
}

/**
 * Freezes payments out of the wallet at once (冻结): every debit is refused from the next
 * unit of work on, money still comes in. By the owner (`actorTelegramId` null) or an admin;
 * a freeze also cancels an unfreeze that was waiting.
 */
export function freeze(db: Database, userId: number, actorTelegramId: bigint | null, reason: string | null = null): Promise<void> {
  return db.write(async (tx) => {
    // An admin's freeze stays the admin's, even if the owner froze first.
    await tx.run(
      'UPDATE users SET frozen_at = COALESCE(frozen_at, ?), frozen_by = COALESCE(?, frozen_by), unfreeze_at = NULL, updated_at = ? WHERE id = ?',
      tx.now,
      actorTelegramId,
      tx.now,
      userId,
    )
    await recordSecurityEvent(tx, userId, 'freeze', actorTelegramId, reason)
  })
}

/**
 * The owner asks to unfreeze: it takes effect after the cool-down, so someone who took over
 * the account cannot freeze-proof it and spend at once; with a payment password set, only
 * after it was given on the keypad for this. Returns when payments resume.
 */
export function requestUnfreeze(db: Database, userId: number, cooldownMs: number): Promise<Date> {
  return db.write(async (tx) => {
    const row = await tx.get<Record<string, unknown>>('SELECT frozen_at, unfreeze_at, frozen_by, password_hash FROM users WHERE id = ?', userId)
    if (!row || !isFrozen(asDateOrNull(row.frozen_at), asDateOrNull(row.unfreeze_at), tx.now)) throw new DomainError('NOT_FROZEN')
    if (row.frozen_by !== null) throw new DomainError('FROZEN_BY_ADMIN')
    const waiting = asDateOrNull(row.unfreeze_at)
    if (waiting) return waiting
    await assertPasswordGiven(tx, userId, row.password_hash !== null, entryTargets.unfreeze())
    const unfreezeAt = new Date(tx.now.getTime() + cooldownMs)
    await tx.run('UPDATE users SET unfreeze_at = ?, updated_at = ? WHERE id = ?', unfreezeAt, tx.now, userId)
    await recordSecurityEvent(tx, userId, 'unfreeze_requested', null)
    return unfreezeAt
  })
}

/** An admin lifts a freeze at once (audited with their id). */
export function unfreezeNow(db: Database, userId: number, actorTelegramId: bigint): Promise<void> {
  return db.write(async (tx) => {
    if ((await tx.run('UPDATE users SET frozen_at = NULL, frozen_by = NULL, unfreeze_at = NULL, updated_at = ? WHERE id = ? AND frozen_at IS NOT NULL', tx.now, userId)) === 0) {
      throw new DomainError('NOT_FROZEN')
    }
    await recordSecurityEvent(tx, userId, 'unfreeze', actorTelegramId)
  })
}

/**
 * The owner changes their daily limit (null: back to the wallet's; never above it). Lowering
 * applies at once; raising waits out the cool-down, so whoever took over an account cannot
 * undo its owner's caution and spend at once. Returns when the new limit applies.
 */
export async function setDailyLimit(db: Database, rules: SecurityRules & { currency: string; unfreezeCooldownMs: number }, userId: number, limitMinor: bigint | null): Promise<Date> {
  if (limitMinor !== null && limitMinor > rules.dailyLimitMinor) {
    throw new DomainError('LIMIT_ABOVE_DEFAULT', { maxMinor: rules.dailyLimitMinor.toString(), currency: rules.currency })
  }
  return db.write(async (tx) => {
    const row = await tx.get<Record<string, unknown>>(`SELECT ${LIMIT_COLUMNS} FROM users WHERE id = ?`, userId)
    if (!row) throw new DomainError('USER_NOT_FOUND')
    const current = effectiveLimit(row, rules, tx.now)
    const wanted = limitMinor ?? rules.dailyLimitMinor
    if (wanted <= current) {
      await tx.run('UPDATE users SET daily_limit_minor = ?, limit_raise_at = NULL, limit_raise_to_minor = NULL, updated_at = ? WHERE id = ?', limitMinor, tx.now, userId)
      await recordSecurityEvent(tx, userId, 'limit_changed', null, limitMinor === null ? null : limitMinor.toString())
      return tx.now
    }
    const at = new Date(tx.now.getTime() + rules.unfreezeCooldownMs)
    // What applied until now stays in force meanwhile.
    await tx.run('UPDATE users SET daily_limit_minor = ?, limit_raise_at = ?, limit_raise_to_minor = ?, updated_at = ? WHERE id = ?', current === rules.dailyLimitMinor ? null : current, at, limitMinor, tx.now, userId)
    await recordSecurityEvent(tx, userId, 'limit_raise_requested', null, limitMinor === null ? null : limitMinor.toString())
    return at
  })
}

/**
 * The owner's password-free amounts (小额免密): per payment and per day, never above the
 * wallet's caps. Lowering applies at once; raising needs the payment password, given on the
 * keypad for exactly these amounts.
 */
export async function setPasswordFree(db: Database, rules: SecurityRules, userId: number, wanted: { paymentMinor: bigint; dailyMinor: bigint }): Promise<void> {
  const caps = rules.passwordFree
  for (const [wantedMinor, capMinor] of [[wanted.paymentMinor, caps.paymentCapMinor], [wanted.dailyMinor, caps.dailyCapMinor]] as const) {
    if (wantedMinor > capMinor) throw new DomainError('FREE_ABOVE_CAP', { maxMinor: capMinor.toString(), currency: rules.currency })
  }
  await db.write(async (tx) => {
    const row = await tx.get<Record<string, unknown>>(`SELECT ${FREE_COLUMNS}, password_hash FROM users WHERE id = ?`, userId)
    if (!row) throw new DomainError('USER_NOT_FOUND')
    const current = effectiveFree(row, rules)
    if (wanted.paymentMinor > current.paymentMinor || wanted.dailyMinor > current.dailyMinor) {
      if (row.password_hash === null) throw new DomainError('PASSWORD_NOT_SET')
      await assertPasswordGiven(tx, userId, true, entryTargets.free(wanted.paymentMinor, wanted.dailyMinor))
    }
    await tx.run('UPDATE users SET free_payment_minor = ?, free_daily_minor = ?, updated_at = ? WHERE id = ?', wanted.paymentMinor, wanted.dailyMinor, tx.now, userId)
    await recordSecurityEvent(tx, userId, 'free_changed', null, `${wanted.paymentMinor}/${wanted.dailyMinor}`)
  })
}

/** A change that needs the password: refused (PASSWORD_REQUIRED, so the edge asks) unless an entry verified for `target` is used up now. */
async function assertPasswordGiven(tx: Tx, userId: number, hasPassword: boolean, target: string): Promise<void> {
  if (!hasPassword) return
  if (await useVerifiedEntry(tx, userId, target)) return
  throw new DomainError('PASSWORD_REQUIRED')
}

export function securityStatus(db: Database, rules: SecurityRules, userId: number): Promise<SecurityStatus> {
  return db.read(async (tx) => {
    const row = await tx.get<Record<string, unknown>>(
      `SELECT ${LIMIT_COLUMNS}, ${FREE_COLUMNS}, frozen_at, unfreeze_at, frozen_by, password_hash, password_locked_until, phone_masked FROM users WHERE id = ?`,
      userId,
    )
    if (!row) throw new DomainError('USER_NOT_FOUND')
    const today = await spendingOn(tx, userId, dayOf(tx.now, rules.timeZone))
    const lockedUntil = asDateOrNull(row.password_locked_until)
    const reducedUntil = asDateOrNull(row.limits_reduced_until)
    const raiseAt = asDateOrNull(row.limit_raise_at)
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
      frozenByAdmin: row.frozen_by !== null,
      dailyLimitMinor: effectiveLimit(row, rules, tx.now),
      limitRaise: raiseAt && raiseAt > tx.now ? { at: raiseAt, toMinor: asBigintOrNull(row.limit_raise_to_minor) } : null,
      spentTodayMinor: today.spentMinor,
      hasPassword: row.password_hash !== null,
      phoneMasked: (row.phone_masked as string | null) ?? null,
      limitsReducedUntil: reducedUntil && reducedUntil > tx.now ? reducedUntil : null,
      passwordLockedUntil: lockedUntil && lockedUntil > tx.now ? lockedUntil : null,
      free: { ...effectiveFree(row, rules), usedTodayMinor: today.freeMinor },
      timeZone: rules.timeZone,
      recent: events.map((event) => ({
        kind: event.kind as SecurityEventKind,
        at: asDate(event.created_at),
        actorTelegramId: asBigintOrNull(event.actor_telegram_id),
        detail: (event.detail as string | null) ?? null,
      })),
    }
  })
}

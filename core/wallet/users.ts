import type { Database } from '../db/database.js'
import { asBigint, asBigintOrNull, asBoolean, asDateOrNull, asNumber, isUniqueViolation, RetryUnit, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import { ensureWalletAccount } from '../ledger/accounts.js'

/** What Telegram tells us about a person; the bot passes it on, the core stores it. */
export interface UserProfile {
  telegramId: bigint
  username?: string | null
  firstName: string
  lastName?: string | null
  languageCode?: string | null
}

export interface WalletUser {
  id: number
  telegramId: bigint
  username: string | null
  firstName: string
  lastName: string | null
  languageCode: string | null
  locale: string | null
  /** IANA zone for their bills and statements; null: the wallet's default. */
  timeZone: string | null
  statementsEnabled: boolean
  monthlyBudgetMinor: bigint | null
  startedAt: Date | null
}

export const normalizeUsername = (username: string) => username.replace(/^@/, '').toLowerCase()

const USER_COLUMNS = 'id, telegram_id, username, first_name, last_name, language_code, locale, time_zone, statements_enabled, monthly_budget_minor, started_at'

/** A `users` row as the wallet sees it: the one place its columns are read. */
export function toWalletUser(row: Record<string, unknown>): WalletUser {
  return {
    id: asNumber(row.id),
    telegramId: asBigint(row.telegram_id),
    username: row.username as string | null,
    firstName: row.first_name as string,
    lastName: row.last_name as string | null,
    languageCode: row.language_code as string | null,
    locale: row.locale as string | null,
    timeZone: row.time_zone as string | null,
    statementsEnabled: asBoolean(row.statements_enabled),
    monthlyBudgetMinor: asBigintOrNull(row.monthly_budget_minor),
    startedAt: asDateOrNull(row.started_at),
  }
}

/**
 * Opens (or refreshes) a user's wallet: the user row follows their Telegram profile, and a
 * wallet account exists in `currency`. Idempotent. `started` marks that they opened the bot
 * themselves; a wallet also opens for someone who is merely sent money.
 */
export async function upsertUserInTx(tx: Tx, profile: UserProfile, currency: string, started: boolean): Promise<WalletUser> {
  const username = profile.username ? normalizeUsername(profile.username) : null
  try {
    // Telegram usernames move between people; the newest holder keeps it.
    if (username) await tx.run('UPDATE users SET username = NULL WHERE username = ? AND telegram_id != ?', username, profile.telegramId)
    const row = await tx.get<Record<string, unknown>>(
      `INSERT INTO users (telegram_id, username, first_name, last_name, language_code, started_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (telegram_id) DO UPDATE SET
         username = excluded.username,
         first_name = excluded.first_name,
         last_name = excluded.last_name,
         language_code = COALESCE(excluded.language_code, users.language_code),
         started_at = COALESCE(users.started_at, excluded.started_at),
         updated_at = excluded.updated_at
       RETURNING ${USER_COLUMNS}`,
      profile.telegramId,
      username,
      profile.firstName,
      profile.lastName ?? null,
      profile.languageCode ?? null,
      started ? tx.now : null,
      tx.now,
      tx.now,
    )
    const user = toWalletUser(row!)
    await ensureWalletAccount(tx, user.id, currency)
    return user
  } catch (error) {
    // Another instance gave the same username to someone else at the same moment: look again.
    if (isUniqueViolation(error)) throw new RetryUnit('a username moved between two people at once')
    throw error
  }
}

export function openWallet(db: Database, profile: UserProfile, currency: string, started = true): Promise<WalletUser> {
  return db.write((tx) => upsertUserInTx(tx, profile, currency, started))
}

/** One user by a unique column, with a prepared statement: these run on every payment. */
function findUser(db: Database, column: 'id' | 'telegram_id' | 'username', value: number | bigint | string): Promise<WalletUser | null> {
  return db.read(async (tx) => {
    const row = await tx.get<Record<string, unknown>>(`SELECT ${USER_COLUMNS} FROM users WHERE ${column} = ?`, value)
    return row ? toWalletUser(row) : null
  }, { snapshot: false })
}

export async function getUser(db: Database, userId: number): Promise<WalletUser> {
  const user = await findUser(db, 'id', userId)
  if (!user) throw new DomainError('USER_NOT_FOUND')
  return user
}

export const findUserByTelegramId = (db: Database, telegramId: bigint) => findUser(db, 'telegram_id', telegramId)

export const findUserByUsername = (db: Database, username: string) => findUser(db, 'username', normalizeUsername(username))

export async function setLocale(db: Database, userId: number, locale: string): Promise<void> {
  await db.write((tx) => tx.run('UPDATE users SET locale = ?, updated_at = ? WHERE id = ?', locale, tx.now, userId))
}

/** The settings a person changes for themselves (`/settings`, `/statement on|off`, `/budget`). */
export interface UserSettings {
  timeZone?: string | null
  statementsEnabled?: boolean
  monthlyBudgetMinor?: bigint | null
}

const SETTING_COLUMNS = { timeZone: 'time_zone', statementsEnabled: 'statements_enabled', monthlyBudgetMinor: 'monthly_budget_minor' } as const

export async function updateSettings(db: Database, userId: number, settings: UserSettings): Promise<void> {
  const changes = (Object.keys(SETTING_COLUMNS) as (keyof UserSettings)[]).filter((key) => settings[key] !== undefined)
  if (changes.length === 0) return
  const assignments = changes.map((key) => `${SETTING_COLUMNS[key]} = ?`).join(', ')
  await db.write((tx) => tx.run(`UPDATE users SET ${assignments}, updated_at = ? WHERE id = ?`, ...changes.map((key) => settings[key] ?? null), tx.now, userId))
}

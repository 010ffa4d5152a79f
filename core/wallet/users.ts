import type { Database } from '../db/database.js'
import type { WriteTx } from '../db/write-tx.js'
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
  startedAt: Date | null
}

export const normalizeUsername = (username: string) => username.replace(/^@/, '').toLowerCase()

/**
 * Opens (or refreshes) a user's wallet: the user row follows their Telegram profile, and a
 * wallet account exists in `currency`. Idempotent. `started` marks that they opened the bot
 * themselves; a wallet also opens for someone who is merely sent money.
 */
export function upsertUserInTx(tx: WriteTx, profile: UserProfile, currency: string, started: boolean): number {
  const at = tx.now.getTime()
  const username = profile.username ? normalizeUsername(profile.username) : null
  // Telegram usernames move between people; the newest holder keeps it.
  if (username) tx.run('UPDATE users SET username = NULL WHERE username = ? AND telegram_id != ?', username, profile.telegramId)
  const row = tx.get<{ id: bigint }>(
    `INSERT INTO users (telegram_id, username, first_name, last_name, language_code, started_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (telegram_id) DO UPDATE SET
       username = excluded.username,
       first_name = excluded.first_name,
       last_name = excluded.last_name,
       language_code = COALESCE(excluded.language_code, users.language_code),
       started_at = COALESCE(users.started_at, excluded.started_at),
       updated_at = excluded.updated_at
     RETURNING id`,
    profile.telegramId,
    username,
    profile.firstName,
    profile.lastName ?? null,
    profile.languageCode ?? null,
    started ? at : null,
    at,
    at,
  )!
  const userId = Number(row.id)
  ensureWalletAccount(tx, userId, currency)
  return userId
}

export function openWallet(db: Database, profile: UserProfile, currency: string, started = true): Promise<WalletUser> {
  // Read back in the same unit of work: it runs for every new face in a grab storm.
  return db.writer.run((tx) => userInTx(tx, upsertUserInTx(tx, profile, currency, started)))
}

function userInTx(tx: WriteTx, userId: number): WalletUser {
  const row = tx.get<{
    id: bigint
    telegram_id: bigint
    username: string | null
    first_name: string
    last_name: string | null
    language_code: string | null
    locale: string | null
    started_at: bigint | null
  }>('SELECT id, telegram_id, username, first_name, last_name, language_code, locale, started_at FROM users WHERE id = ?', userId)
  if (!row) throw new DomainError('USER_NOT_FOUND')
  return {
    id: Number(row.id),
    telegramId: row.telegram_id,
    username: row.username,
    firstName: row.first_name,
    lastName: row.last_name,
    languageCode: row.language_code,
    locale: row.locale,
    startedAt: row.started_at === null ? null : new Date(Number(row.started_at)),
  }
}

export async function getUser(db: Database, userId: number): Promise<WalletUser> {
  const user = await db.prisma.user.findUnique({ where: { id: userId } })
  if (!user) throw new DomainError('USER_NOT_FOUND')
  return user
}

export async function findUserByTelegramId(db: Database, telegramId: bigint): Promise<WalletUser | null> {
  return db.prisma.user.findUnique({ where: { telegramId } })
}

export async function findUserByUsername(db: Database, username: string): Promise<WalletUser | null> {
  return db.prisma.user.findUnique({ where: { username: normalizeUsername(username) } })
}

export async function setLocale(db: Database, userId: number, locale: string): Promise<void> {
  await db.prisma.user.update({ where: { id: userId }, data: { locale, updatedAt: db.clock.now() } })
}

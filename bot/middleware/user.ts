import type { NextFunction } from 'grammy'
import type { User } from 'grammy/types'
import type { CoreModules } from '../../core/core.js'
import type { UserProfile, WalletUser } from '../../core/wallet/users.js'
import type { BotContext } from '../context.js'
import { isPerson } from '../people.js'

/**
 * Remembers, per Telegram user, the profile we last stored, so that an update from someone
 * whose name, username and language did not change costs no write. Bounded: least recently
 * seen users are forgotten first.
 */
export class UserCache {
  readonly #entries = new Map<number, { key: string; user: WalletUser }>()
  constructor(private readonly capacity = 50_000) {}

  get(telegramId: number, key: string): WalletUser | undefined {
    const entry = this.#entries.get(telegramId)
    if (!entry || entry.key !== key) return undefined
    this.#entries.delete(telegramId) // re-insert: Map order is our recency order
    this.#entries.set(telegramId, entry)
    return entry.user
  }

  set(telegramId: number, key: string, user: WalletUser): void {
    this.#entries.delete(telegramId)
    if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value!)
    this.#entries.set(telegramId, { key, user })
  }

  forget(telegramId: number): void {
    this.#entries.delete(telegramId)
  }
}

export function profileOf(from: User): UserProfile {
  return {
    telegramId: BigInt(from.id),
    username: from.username ?? null,
    firstName: from.first_name,
    lastName: from.last_name ?? null,
    languageCode: from.language_code ?? null,
  }
}

/**
 * Opens (or refreshes) the wallet of whoever sent the update and puts it on `ctx.wallet`.
 * Anyone who writes to the bot in private has started it; in groups and inline mode a wallet
 * opens too (money can reach people before they start the bot), but not as "started".
 */
export async function ensureUserWallet(core: CoreModules, cache: UserCache, from: User, started: boolean): Promise<WalletUser> {
  const profile = profileOf(from)
  const key = JSON.stringify([profile.username, profile.firstName, profile.lastName, profile.languageCode])
  const cached = cache.get(from.id, key)
  if (cached && (cached.startedAt || !started)) return cached
  const user = await core.users.open(profile, started)
  cache.set(from.id, key, user)
  return user
}

export function loadUser(core: CoreModules, cache: UserCache) {
  return async (ctx: BotContext, next: NextFunction) => {
    if (!ctx.from || !isPerson(ctx.from)) return // channel posts, bots and Telegram's service accounts have no wallet
    ctx.wallet = await ensureUserWallet(core, cache, ctx.from, ctx.chat?.type === 'private')
    await next()
  }
}

import type { NextFunction } from 'grammy'
import type { GroupLanguages } from '../core/chats/chat-language.js'
import type { Core } from '../core/core.js'
import type { BotContext } from './context.js'
import { localeFor, type BotLocale } from './i18n.js'

const TTL_MS = 60_000
const CAPACITY = 10_000

const isGroup = (type: string | undefined) => type === 'group' || type === 'supergroup'

/**
 * Which language a group's messages are in: what one of its admins chose with /language,
 * else the language most of its members who use the bot have (a tie goes to whoever is
 * acting). Remembered for a minute per process, so a busy group costs no query per update.
 */
export class GroupLanguage {
  readonly #locales = new Map<string, { locale: BotLocale | null; at: number }>()
  readonly #seen = new Set<string>()

  constructor(private readonly core: Core) {}

  async localeOf(chatId: bigint | number, tieBreak: BotLocale): Promise<BotLocale> {
    const key = String(chatId)
    let entry = this.#locales.get(key)
    if (!entry || Date.now() - entry.at > TTL_MS) {
      entry = { locale: majority(await this.core.groups.languages(BigInt(chatId))), at: Date.now() }
      if (this.#locales.size >= CAPACITY) this.#locales.clear()
      this.#locales.set(key, entry)
    }
    return entry.locale ?? tieBreak
  }

  async choose(chatId: bigint | number, locale: BotLocale): Promise<void> {
    await this.core.groups.setLocale(BigInt(chatId), locale)
    this.#locales.delete(String(chatId))
  }

  /** Counts a wallet user as a member the first time they act in the group. */
  async noteMember(chatId: number, userId: number): Promise<void> {
    const key = `${chatId}:${userId}`
    if (this.#seen.has(key)) return
    await this.core.groups.noteMember(BigInt(chatId), userId)
    if (this.#seen.size >= CAPACITY * 10) this.#seen.clear()
    this.#seen.add(key)
    this.#locales.delete(String(chatId)) // a new member can change the majority
  }

  /** Middleware: in a group, notes the member and sets the language group messages use. */
  middleware() {
    return async (ctx: BotContext, next: NextFunction) => {
      if (ctx.chat && isGroup(ctx.chat.type) && ctx.wallet) {
        await this.noteMember(ctx.chat.id, ctx.wallet.id)
        ctx.chatLocale = await this.localeOf(ctx.chat.id, localeFor(ctx.wallet))
      }
      await next()
    }
  }
}

function majority({ chosen, members }: GroupLanguages): BotLocale | null {
  if (chosen === 'en' || chosen === 'zh') return chosen
  const zh = members.filter((m) => localeFor(m) === 'zh').length
  const en = members.length - zh
  return zh === en ? null : zh > en ? 'zh' : 'en'
}

import type { NextFunction } from 'grammy'
import type { GroupLanguages } from '../core/chats/chat-language.js'
import type { Core } from '../core/core.js'
import type { BotContext } from './context.js'
import { localeFor, type BotLocale } from './i18n.js'

const TTL_MS = 60_000
const CAPACITY = 10_000

const isGroup = (type: string | undefined) => type === 'group' || type === 'supergroup'

/** A group's language as last read: the admins' choice, and its members' votes since. */
interface GroupVotes {
  chosen: BotLocale | null
  zh: number
  en: number
  at: number
}

/**
 * Which language a group's messages are in: what one of its admins chose with /language,
 * else the language most of its members who use the bot have (a tie goes to whoever is
 * acting). Read at most once a minute per group per process, so a busy group costs no query
 * per update; a member this process adds in between adds their vote to what was read, so a
 * crowd of newcomers (a red packet in a new group) does not re-read the members per press.
 */
export class GroupLanguage {
  readonly #votes = new Map<string, GroupVotes>()
  readonly #seen = new Set<string>()

  constructor(private readonly core: Core) {}

  async localeOf(chatId: bigint | number, tieBreak: BotLocale): Promise<BotLocale> {
    const votes = await this.#current(chatId)
    if (votes.chosen) return votes.chosen
    return votes.zh === votes.en ? tieBreak : votes.zh > votes.en ? 'zh' : 'en'
  }

  async #current(chatId: bigint | number): Promise<GroupVotes> {
    const key = String(chatId)
    const known = this.#votes.get(key)
    if (known && Date.now() - known.at <= TTL_MS) return known
    const votes = { ...count(await this.core.groups.languages(BigInt(chatId))), at: Date.now() }
    if (this.#votes.size >= CAPACITY) this.#votes.clear()
    this.#votes.set(key, votes)
    return votes
  }

  async choose(chatId: bigint | number, locale: BotLocale): Promise<void> {
    await this.core.groups.setLocale(BigInt(chatId), locale)
    this.#votes.delete(String(chatId))
  }

  /** Counts a wallet user as a member the first time they act in the group. */
  async noteMember(chatId: number, member: { id: number; locale: string | null; languageCode: string | null }): Promise<void> {
    const key = `${chatId}:${member.id}`
    if (this.#seen.has(key)) return
    const added = await this.core.groups.noteMember(BigInt(chatId), member.id)
    if (this.#seen.size >= CAPACITY * 10) this.#seen.clear()
    this.#seen.add(key)
    const votes = this.#votes.get(String(chatId))
    if (added && votes) votes[localeFor(member)] += 1
  }

  /** Middleware: in a group, notes the member and sets the language group messages use. */
  middleware() {
    return async (ctx: BotContext, next: NextFunction) => {
      if (ctx.chat && isGroup(ctx.chat.type) && ctx.wallet) {
        await this.noteMember(ctx.chat.id, ctx.wallet)
        ctx.chatLocale = await this.localeOf(ctx.chat.id, localeFor(ctx.wallet))
      }
      await next()
    }
  }
}

function count({ chosen, members }: GroupLanguages): Omit<GroupVotes, 'at'> {
  const zh = members.filter((m) => localeFor(m) === 'zh').length
  return { chosen: chosen === 'en' || chosen === 'zh' ? chosen : null, zh, en: members.length - zh }
}

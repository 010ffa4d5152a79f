import type { Api, RawApi } from 'grammy'
import type { RedPacketView } from '../core/redpacket/packet-store.js'
import type { Core } from '../core/core.js'
import type { I18n } from '@grammyjs/i18n'
import type { BotContext } from './context.js'
import { localeFor } from './i18n.js'
import type { LiveEdits } from './live-edits.js'
import { renderLive } from './red-packet-render.js'

const SHOWN_CAPACITY = 10_000

/**
 * Keeps each sent red packet's message in step with its grabs, through the coalescing
 * LiveEdits: one edit per chat every few seconds at most, always ending on the final state.
 */
export class RedPacketMessages {
  /** What each live message shows now, newest last (bounded; oldest forgotten first). */
  readonly #shown = new Map<string, string>()

  constructor(
    private readonly core: Core,
    private readonly api: Api<RawApi>,
    private readonly i18n: I18n<BotContext>,
    readonly live: LiveEdits,
  ) {}

  /** Asks for a refresh; returns at once (the grabber's answer never waits for an edit). */
  refresh(view: Pick<RedPacketView, 'token' | 'chatId' | 'messageId' | 'inlineMessageId'>): void {
    const chat = view.chatId !== null ? String(view.chatId) : view.inlineMessageId ? `inline:${view.inlineMessageId}` : undefined
    if (!chat) return
    this.live.request(chat, view.token, () => this.#edit(view.token))
  }

  async #edit(token: string): Promise<boolean> {
    // Rendered when the edit goes out, not when it was asked for: always the latest state.
    const view = await this.core.redPackets.get(token)
    // In the language it was sent in (the group's, or the sender's for inline mode).
    const locale = localeFor({ locale: view.locale, languageCode: view.sender.languageCode })
    const { text, keyboard } = renderLive((key, vars) => this.i18n.t(locale, key, vars), locale, view)
    // The same text again (a refresh after a refused grab, a restart) is not worth a call.
    if (this.#shown.get(token) === text) return false
    const options = { reply_markup: keyboard }
    if (view.chatId !== null && view.messageId !== null) await this.api.editMessageText(Number(view.chatId), view.messageId, text, options)
    else if (view.inlineMessageId) await this.api.editMessageTextInline(view.inlineMessageId, text, options)
    else return false
    this.#remember(token, text)
    return true
  }

  #remember(token: string, text: string): void {
    this.#shown.delete(token)
    if (this.#shown.size >= SHOWN_CAPACITY) this.#shown.delete(this.#shown.keys().next().value!)
    this.#shown.set(token, text)
  }
}

import { InlineKeyboard } from 'grammy'
import type { InlineKeyboardButton } from 'grammy/types'
import type { I18n } from '@grammyjs/i18n'
import { isDomainError } from '../core/errors.js'
import type { EntryPurpose, PasswordEntry } from '../core/security/password-entry.js'
import { startPayload, startLink } from './callback-data.js'
import type { BotContext } from './context.js'
import { localeOf, type BotLocale } from './i18n.js'
import { renderKeypad } from './keypad.js'
import { domainErrorText } from './middleware/error-boundary.js'
import { personLabel } from './render.js'

/**
 * Where a password was asked for, kept on the entry (the core treats it as opaque): the
 * message the request came from when it was not the keypad's own (a card in a group), that
 * chat's language, and what the keypad says is being paid.
 */
export interface EntryOrigin {
  summary: string
  /** The card the password was asked from, to show again if the entry ends without paying. */
  card?: { text: string; keyboard: InlineKeyboardButton[][] }
  chatId?: number
  messageId?: number
  chatType?: string
  locale: BotLocale
  /** What the verified handler needs beyond what the target names (a merchant key's PEM). */
  payload?: string
}

export const originOf = (entry: PasswordEntry): EntryOrigin => (entry.origin ? (JSON.parse(entry.origin) as EntryOrigin) : { summary: '', locale: 'en' })

/** What a purpose does once its entry is verified: the entry's token is the proof it passes on. */
export type VerifiedHandler = (ctx: BotContext, entry: PasswordEntry, origin: EntryOrigin) => Promise<void>

/**
 * Asks for the payment password on the keypad, always in the payer's private chat. Pressed
 * in private, the card itself becomes the keypad (one message); pressed in a group, the
 * keypad goes to the private chat and the group card says so, with a link that opens it
 * there (for someone who never started the bot, whom the bot cannot message first).
 */
export class PasswordPrompt {
  readonly #handlers = new Map<EntryPurpose, VerifiedHandler>()

  constructor(private readonly i18n: I18n<BotContext>) {}

  onVerified(purpose: EntryPurpose, handler: VerifiedHandler): void {
    this.#handlers.set(purpose, handler)
  }

  /**
   * `summary` says on the keypad what the password is for (in the payer's language); `card`
   * is the card it was asked from (its text and buttons, in the chat's language): a group card
   * keeps showing it meanwhile, and any card shows it again if the entry ends unpaid.
   */
  async ask(ctx: BotContext, request: { purpose: EntryPurpose; target?: string; summary: string; card?: { text: string; keyboard: InlineKeyboard }; payload?: string }): Promise<void> {
    const message = ctx.callbackQuery?.message ?? ctx.msg
    const inPrivate = ctx.chat?.type === 'private'
    const origin: EntryOrigin = { summary: request.summary, locale: localeOf(ctx), payload: request.payload }
    if (request.card) origin.card = { text: request.card.text, keyboard: request.card.keyboard.inline_keyboard }
    if (!inPrivate && message) Object.assign(origin, { chatId: message.chat.id, messageId: message.message_id, chatType: message.chat.type })
    const entry = await ctx.core.passwords.open({ userId: ctx.wallet.id, purpose: request.purpose, target: request.target, origin: JSON.stringify(origin) })
    const { text, keyboard } = renderKeypad(ctx.personal, entry, request.summary, null)
    if (inPrivate) {
      if (ctx.callbackQuery) await ctx.editMessageText(text, { reply_markup: keyboard })
      else await ctx.reply(text, { reply_markup: keyboard })
      if (ctx.callbackQuery) await ctx.answerCallbackQuery()
      return
    }
    const sent = await ctx.api.sendMessage(ctx.from!.id, text, { reply_markup: keyboard }).then(
      () => true,
      () => false, // never started the bot: the link below opens it
    )
    const link = startLink(ctx.me.username, startPayload.password.pack(entry.token))
    const groupKeyboard = new InlineKeyboard().url(ctx.t('button-enter-password'), link).row()
    for (const row of request.card?.keyboard.inline_keyboard ?? []) groupKeyboard.row(...row)
    const waiting = `${request.card?.text ?? request.summary}\n\n${ctx.t('password-asked-in-private', { who: personLabel(ctx.wallet) })}`
    if (ctx.callbackQuery) await ctx.editMessageText(waiting, { reply_markup: groupKeyboard }).catch(() => undefined)
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.personal(sent ? 'password-sent-to-private' : 'password-open-private'), show_alert: !sent })
  }

  /**
   * The entry ended without doing its job (cancelled, expired, refused): the card it was asked
   * from shows again with its buttons, so the payment can be pressed again. True when that
   * card is the pressed message itself (in private, the card became the keypad).
   */
  async restoreCard(ctx: BotContext, origin: EntryOrigin): Promise<boolean> {
    if (!origin.card) return false
    const options = { reply_markup: { inline_keyboard: origin.card.keyboard }, link_preview_options: { is_disabled: true } }
    const warn = (error: unknown) => ctx.log.warn({ err: error }, 'could not show a card again')
    if (origin.chatId && origin.messageId) {
      await ctx.api.editMessageText(origin.chatId, origin.messageId, origin.card.text, options).catch(warn)
      return false
    }
    await ctx.editMessageText(origin.card.text, options).catch(warn)
    return true
  }

  /** `/start pw_<token>`: the keypad of an entry asked for in a group, drawn here. */
  async reopen(ctx: BotContext, token: string): Promise<void> {
    const entry = await ctx.core.passwords.get(token, ctx.wallet.id)
    const { text, keyboard } = renderKeypad(ctx.personal, entry, originOf(entry).summary, null)
    await ctx.reply(text, { reply_markup: keyboard })
  }

  /** Runs what the entry's purpose does; a refusal then (the balance, say) is said, and the card shows again. */
  async verified(ctx: BotContext, entry: PasswordEntry): Promise<void> {
    const handler = this.#handlers.get(entry.purpose)
    if (!handler) throw new Error(`no handler for verified password entries of purpose ${entry.purpose}`)
    try {
      await handler(ctx, entry, originOf(entry))
    } catch (error) {
      if (!isDomainError(error)) throw error
      const text = domainErrorText(ctx, error, 'self')
      if (!(await this.restoreCard(ctx, originOf(entry)))) await ctx.editMessageText(text).catch(() => undefined)
      await ctx.answerCallbackQuery({ text, show_alert: true })
    }
  }

  /** Group messages are written in the group's language, kept on the entry. */
  groupTranslator(origin: EntryOrigin) {
    return (key: string, vars?: Record<string, string | number>) => this.i18n.t(origin.locale, key, vars)
  }

}

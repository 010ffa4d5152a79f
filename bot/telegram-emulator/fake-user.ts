// A simulated Telegram user. Each action builds the update a real client
// would cause (with entities, chat_instance, inline_message_id, ...) and
// enqueues it. In direct mode the returned promise settles after the bot has
// handled the update; in polling mode it settles once the update is queued.

import type { CallbackQuery, Chat, InlineQuery, InlineQueryResult, Update, User } from 'grammy/types'
import type { FakeChat } from './chats.js'
import { userTextEntities } from './entities.js'
import { ChatMessage, InlineMessage, type MediaInfo, type MessageVersion } from './messages.js'
import type { FakeState } from './state.js'
import { checkMessageText, visibleText } from './validate.js'

export interface SendOptions {
  /** Reply to this message (id or record) in the same chat. */
  readonly replyTo?: number | ChatMessage
}

export interface InlineQueryOptions {
  /** Where the user typed the query; default 'private' (a chat with a friend). */
  readonly chatType?: InlineQuery['chat_type']
  readonly offset?: string
}

export class FakeUser {
  constructor(
    private readonly state: FakeState,
    readonly user: User,
  ) {}

  get id(): number {
    return this.user.id
  }

  /** The user's private chat with the bot. */
  get privateChat(): FakeChat {
    return this.state.privateChatOf(this.user)
  }

  /** Types `text` into `chat`. Group privacy mode may keep it from the bot (see `delivered`). */
  async send(chat: FakeChat, text: string, options: SendOptions = {}): Promise<ChatMessage> {
    this.assertInChat(chat)
    // A Telegram app sends no empty message, and none over 4096 characters.
    checkMessageText(text, undefined)
    const replyTo = options.replyTo === undefined ? undefined : this.findMessage(chat, options.replyTo)
    const entities = userTextEntities(text)
    const message = new ChatMessage(
      chat.allocateMessageId(),
      chat.chat,
      this.user,
      false,
      { text, plainText: text, parseMode: undefined, entities: entities.length > 0 ? entities : undefined, replyMarkup: undefined, at: Date.now() },
      undefined,
      replyTo,
    )
    chat.add(message)
    chat.members.add(this.id)
    if (chat.type === 'private') chat.started = true
    message.delivered = this.state.reachesBot(chat, text, replyTo)
    if (message.delivered) {
      await this.state.queue.push({ message: message.toTelegram() as ChatMessageUpdate })
    }
    return message
  }

  /** `/start` or `/start <payload>` in the private chat, as a t.me deep link does. */
  startBot(payload?: string): Promise<ChatMessage> {
    return this.send(this.privateChat, payload ? `/start ${payload}` : '/start')
  }

  /** Sends a photo (Telegram keeps the bytes; the bot reads them with getFile). */
  sendPhoto(chat: FakeChat, bytes: Uint8Array, options: { caption?: string } = {}): Promise<ChatMessage> {
    return this.sendMedia(chat, { type: 'photo', ...this.state.storeFile(bytes), size: bytes.byteLength }, options.caption)
  }

  /** Sends a file as a document (e.g. an image sent uncompressed). */
  sendDocument(chat: FakeChat, bytes: Uint8Array, options: { fileName: string; mimeType?: string; caption?: string }): Promise<ChatMessage> {
    const media = { type: 'document' as const, ...this.state.storeFile(bytes), filename: options.fileName, mimeType: options.mimeType, size: bytes.byteLength }
    return this.sendMedia(chat, media, options.caption)
  }

  private async sendMedia(chat: FakeChat, media: MediaInfo, caption: string | undefined): Promise<ChatMessage> {
    this.assertInChat(chat)
    const version = { text: caption, plainText: caption, parseMode: undefined, entities: undefined, replyMarkup: undefined, at: Date.now() }
    const message = new ChatMessage(chat.allocateMessageId(), chat.chat, this.user, false, version, media)
    chat.add(message)
    if (chat.type === 'private') chat.started = true
    message.delivered = this.state.reachesBot(chat, caption ?? '', undefined)
    if (message.delivered) await this.state.queue.push({ message: message.toTelegram() as ChatMessageUpdate })
    return message
  }

  /**
   * Shares a contact card, as Telegram's request_contact button does (`userId` the sender's
   * own id) or as anyone can by forwarding someone else's contact (another or no user id).
   */
  async sendContact(chat: FakeChat, contact: { phoneNumber: string; userId?: number; firstName?: string }): Promise<ChatMessage> {
    this.assertInChat(chat)
    const extra = { contact: { phone_number: contact.phoneNumber, first_name: contact.firstName ?? this.user.first_name, user_id: contact.userId } }
    const version = { text: '', plainText: '', parseMode: undefined, entities: undefined, replyMarkup: undefined, at: Date.now() }
    const message = new ChatMessage(chat.allocateMessageId(), chat.chat, this.user, false, version, undefined, undefined, extra)
    chat.add(message)
    if (message.delivered) await this.state.queue.push({ message: message.toTelegram() as ChatMessageUpdate })
    return message
  }

  /** Presses the button (by exact text or callback_data) on the latest version of a bot message. */
  async press(chat: FakeChat, message: number | ChatMessage, buttonTextOrData: string): Promise<string> {
    const target = this.findMessage(chat, message)
    if (!target.fromBot) throw new Error(`message ${target.id} was not sent by the bot`)
    if (target.deleted) throw new Error(`message ${target.id} was deleted; its buttons are gone`)
    return this.pressRaw(chat, target.id, callbackData(target, buttonTextOrData))
  }

  /** A callback query with any data, as a modified client could send. */
  async pressRaw(chat: FakeChat, messageId: number, data: string): Promise<string> {
    this.assertInChat(chat)
    const target = chat.find(messageId)
    const message =
      target && !target.deleted ? target.toTelegram() : { chat: chat.chat, message_id: messageId, date: 0 as const }
    const query: CallbackQuery = { id: this.newQueryId(), from: this.user, message, chat_instance: chatInstance(chat.chat), data }
    return this.sendCallback(query)
  }

  /** Presses a button on a message the user posted through inline mode. */
  async pressInline(inlineMessageId: string, buttonTextOrData: string): Promise<string> {
    const target = this.state.inlineMessages.get(inlineMessageId)
    if (!target) throw new Error(`unknown inline message ${inlineMessageId}`)
    const data = callbackData(target, buttonTextOrData)
    const query: CallbackQuery = {
      id: this.newQueryId(),
      from: this.user,
      inline_message_id: inlineMessageId,
      chat_instance: inlineChatInstance(inlineMessageId),
      data,
    }
    return this.sendCallback(query)
  }

  /** Types `@bot query` in some chat; returns the inline query id. */
  async inlineQuery(query: string, options: InlineQueryOptions = {}): Promise<string> {
    const id = String(7_000_000_000_000 + this.state.next())
    const inlineQuery: InlineQuery = {
      id,
      from: this.user,
      query,
      offset: options.offset ?? '',
      chat_type: options.chatType ?? 'private',
    }
    this.state.inlineQueries.set(id, inlineQuery)
    await this.state.queue.push({ inline_query: inlineQuery })
    return id
  }

  /**
   * Taps result `resultId` of the bot's answer: the message is posted with
   * the result's content and keyboard, and the bot gets chosen_inline_result.
   * Returns the new inline_message_id.
   */
  async chooseInlineResult(inlineQueryId: string, resultId: string): Promise<string> {
    const answer = this.state.inlineAnswers.get(inlineQueryId)
    if (!answer) throw new Error(`the bot has not answered inline query ${inlineQueryId}`)
    const result = answer.results.find((r) => r.id === resultId)
    if (!result) throw new Error(`inline answer ${inlineQueryId} has no result "${resultId}"`)
    const inlineMessageId = Buffer.from(`fake-inline-${this.state.next()}`).toString('base64url')
    const { version, media } = inlineContent(result, this.state)
    this.state.inlineMessages.set(
      inlineMessageId,
      new InlineMessage(inlineMessageId, this.user, inlineQueryId, resultId, version, media),
    )
    const query = this.state.inlineQueries.get(inlineQueryId)?.query ?? ''
    await this.state.queue.push({
      chosen_inline_result: {
        result_id: resultId,
        from: this.user,
        query,
        // As on Telegram: the bot only learns the id when the message has an inline keyboard.
        ...(version.replyMarkup ? { inline_message_id: inlineMessageId } : {}),
      },
    })
    return inlineMessageId
  }

  /** The user blocks the bot: sends to their private chat fail with 403. */
  blockBot(): void {
    this.privateChat.blocked = true
  }

  unblockBot(): void {
    this.privateChat.blocked = false
  }

  private async sendCallback(query: CallbackQuery): Promise<string> {
    this.state.callbackQueries.set(query.id, query)
    await this.state.queue.push({ callback_query: query })
    return query.id
  }

  private newQueryId(): string {
    return String(4_000_000_000_000 + this.state.next())
  }

  private assertInChat(chat: FakeChat): void {
    if (chat.type === 'private' && chat.id !== this.id) {
      throw new Error(`user ${this.id} cannot act in the private chat of user ${chat.id}`)
    }
  }

  private findMessage(chat: FakeChat, ref: number | ChatMessage): ChatMessage {
    const id = typeof ref === 'number' ? ref : ref.id
    const message = chat.find(id)
    if (!message) throw new Error(`no message ${id} in chat ${chat.id}`)
    return message
  }
}

type ChatMessageUpdate = NonNullable<Update['message']>

function callbackData(message: ChatMessage | InlineMessage, buttonTextOrData: string): string {
  const button = message.findButton(buttonTextOrData)
  if (!button) {
    const available = message.buttons().map((b) => `${JSON.stringify(b.text)} (${b.callback_data ?? b.url ?? '?'})`)
    throw new Error(`no button "${buttonTextOrData}"; buttons: ${available.join(', ') || 'none'}`)
  }
  if (button.callback_data === undefined) throw new Error(`button "${button.text}" sends no callback_data`)
  return button.callback_data
}

/** Telegram's chat_instance is an opaque per-chat string; derive a stable one. */
function chatInstance(chat: Chat): string {
  return String(BigInt(chat.id) * 7919n + 104729n)
}

/** Inline messages live in a chat the bot cannot see; any stable opaque value will do. */
function inlineChatInstance(inlineMessageId: string): string {
  let hash = 5381n
  for (const ch of inlineMessageId) hash = (hash * 33n + BigInt(ch.codePointAt(0)!)) % 9_007_199_254_740_881n
  return `-${hash}`
}

function inlineContent(result: InlineQueryResult, state: FakeState): { version: MessageVersion; media?: MediaInfo } {
  const r = result as InlineQueryResult & {
    input_message_content?: { message_text?: string; parse_mode?: string }
    caption?: string
    parse_mode?: string
    photo_file_id?: string
  }
  const content = r.input_message_content
  const base = { replyMarkup: r.reply_markup, entities: undefined, at: Date.now() }
  if (content?.message_text !== undefined) {
    const { message_text: text, parse_mode: parseMode } = content
    return { version: { ...base, text, parseMode, plainText: visibleText(text, parseMode) } }
  }
  if (r.type === 'photo') {
    const fileId = r.photo_file_id ?? `AgACAgFake${state.next()}`
    return {
      version: { ...base, text: r.caption, parseMode: r.parse_mode, plainText: r.caption && visibleText(r.caption, r.parse_mode) },
      media: { type: 'photo', fileId, fileUniqueId: `AQADfake${state.next()}` },
    }
  }
  throw new Error(`chooseInlineResult does not simulate "${r.type}" results without input_message_content`)
}

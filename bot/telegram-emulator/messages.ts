// What the fake remembers about a message: every version (so tests can see
// edits and coalescing), the deleted flag, and how to render the current
// version as the Telegram `Message` the bot receives back.

import type { Chat, InlineKeyboardMarkup, Message, MessageEntity, User } from 'grammy/types'

export interface MessageVersion {
  /** Text or caption exactly as sent (HTML tags included). */
  readonly text: string | undefined
  /** Text or caption as the user sees it (HTML parsed). */
  readonly plainText: string | undefined
  readonly parseMode: string | undefined
  readonly entities: MessageEntity[] | undefined
  readonly replyMarkup: InlineKeyboardMarkup | undefined
  /** Date.now() of the send or edit. */
  readonly at: number
}

export interface MediaInfo {
  readonly type: 'photo' | 'document'
  readonly fileId: string
  readonly fileUniqueId: string
  readonly filename?: string
  readonly mimeType?: string
  readonly size?: number
}

/** One inline keyboard button, flattened so every field can be read without narrowing. */
export interface FlatButton {
  readonly text: string
  readonly callback_data?: string
  readonly url?: string
  readonly switch_inline_query?: string
  readonly switch_inline_query_current_chat?: string
  readonly copy_text?: { text: string }
  readonly row: number
  readonly column: number
}

abstract class VersionedMessage {
  readonly versions: MessageVersion[]

  constructor(first: MessageVersion, readonly media?: MediaInfo) {
    this.versions = [first]
  }

  get current(): MessageVersion {
    return this.versions[this.versions.length - 1]!
  }
  /** Text or caption as sent, HTML tags included. */
  get text(): string | undefined {
    return this.current.text
  }
  /** Text or caption as the user reads it. */
  get plainText(): string | undefined {
    return this.current.plainText
  }
  get parseMode(): string | undefined {
    return this.current.parseMode
  }
  get replyMarkup(): InlineKeyboardMarkup | undefined {
    return this.current.replyMarkup
  }
  /** How many successful edits the message has had. */
  get edits(): number {
    return this.versions.length - 1
  }

  buttons(): FlatButton[] {
    return (this.replyMarkup?.inline_keyboard ?? []).flatMap((row, r) =>
      row.map((button, c) => ({ ...(button as Omit<FlatButton, 'row' | 'column'>), row: r, column: c })),
    )
  }

  /** The button whose text or callback_data equals `textOrData` exactly. */
  findButton(textOrData: string): FlatButton | undefined {
    const buttons = this.buttons()
    return buttons.find((b) => b.text === textOrData) ?? buttons.find((b) => b.callback_data === textOrData)
  }

  addVersion(next: Omit<MessageVersion, 'at'>): void {
    this.versions.push({ ...next, at: Date.now() })
  }

  protected contentFields(): Partial<Message> {
    const v = this.current
    const markup = v.replyMarkup && v.replyMarkup.inline_keyboard.length > 0 ? { reply_markup: v.replyMarkup } : {}
    const media = this.media
    if (media?.type === 'photo') {
      return {
        photo: [{ file_id: media.fileId, file_unique_id: media.fileUniqueId, width: 320, height: 320, file_size: media.size }],
        caption: v.plainText,
        caption_entities: v.entities,
        ...markup,
      }
    }
    if (media?.type === 'document') {
      return {
        document: { file_id: media.fileId, file_unique_id: media.fileUniqueId, file_name: media.filename, mime_type: media.mimeType, file_size: media.size },
        caption: v.plainText,
        caption_entities: v.entities,
        ...markup,
      }
    }
    return { text: v.plainText, entities: v.entities, ...markup }
  }
}

/** A message in a chat, sent either by the bot or by a fake user. */
export class ChatMessage extends VersionedMessage {
  deleted = false
  /** For user messages: whether the bot received it (group privacy mode may hide it). */
  delivered = true

  constructor(
    readonly id: number,
    readonly chat: Chat,
    readonly from: User,
    readonly fromBot: boolean,
    first: MessageVersion,
    media?: MediaInfo,
    readonly replyTo?: ChatMessage,
    /** Extra Message fields, e.g. sender_chat for a message sent on behalf of a chat. */
    readonly extra: Partial<Message> = {},
  ) {
    super(first, media)
  }

  get date(): number {
    return Math.floor(this.versions[0]!.at / 1000)
  }

  /** The current version as the Bot API returns it (HTML already parsed away). */
  toTelegram(withReply = true): Message {
    const edited = this.edits > 0 ? { edit_date: Math.floor(this.current.at / 1000) } : {}
    const reply =
      withReply && this.replyTo ? { reply_to_message: this.replyTo.toTelegram(false) } : {}
    return {
      message_id: this.id,
      date: this.date,
      chat: this.chat,
      from: this.from,
      ...this.extra,
      // A contact (or other message without text) carries no text fields.
      ...(this.extra.contact ? {} : this.contentFields()),
      ...edited,
      ...reply,
    } as Message
  }
}

/** A message a user posted through the bot's inline mode; the bot only knows its inline_message_id. */
export class InlineMessage extends VersionedMessage {
  constructor(
    readonly inlineMessageId: string,
    readonly from: User,
    readonly queryId: string,
    readonly resultId: string,
    first: MessageVersion,
    media?: MediaInfo,
  ) {
    super(first, media)
  }
}

import type { ChatMessage, FakeChat, FakeTelegram, FlatButton, InlineMessage } from '../telegram-emulator/index.js'
import type { Persona, World } from './world.js'

/*
 * What the chat page shows a persona: their private chat with the bot and the group, each
 * message as the Telegram app would draw it. The bot's text stays Telegram HTML (the
 * emulator refused anything outside Telegram's subset); the page re-builds it from allowed
 * tags only, and shows people's text as text.
 */

export interface MessageView {
  /** `m<id>` for a chat message, `i<inline_message_id>` for one posted through inline mode. */
  key: string
  fromBot: boolean
  author: string
  html?: string
  text?: string
  media?: { type: 'photo' | 'document'; fileId: string; filename?: string }
  buttons: Array<Array<Pick<FlatButton, 'text' | 'callback_data' | 'url' | 'switch_inline_query' | 'switch_inline_query_current_chat'>>>
  replyTo?: { key: string; preview: string }
  edited: boolean
  at: number
}

export interface ChatView {
  id: number
  title: string
  type: string
  messages: MessageView[]
}

/** Inline messages live outside chats in the emulator; the playground remembers where each was posted. */
export type InlinePlacements = Map<string, number>

export function chatsFor(emulator: FakeTelegram, world: World, persona: Persona, placements: InlinePlacements): ChatView[] {
  const botName = emulator.bot.first_name
  const chats: FakeChat[] = [persona.user.privateChat, world.group]
  return chats.map((chat) => ({
    id: chat.id,
    title: chat.type === 'private' ? botName : (chat.title ?? ''),
    type: chat.type,
    messages: [
      ...emulator
        .history(chat)
        .filter((message) => !message.deleted)
        .map((message) => chatMessageView(message, botName)),
      ...[...placements].filter(([, chatId]) => chatId === chat.id).flatMap(([id]) => inlineView(emulator.inlineMessage(id), id)),
    ].sort((a, b) => a.at - b.at),
  }))
}

function chatMessageView(message: ChatMessage, botName: string): MessageView {
  return {
    key: `m${message.id}`,
    fromBot: message.fromBot,
    author: message.fromBot ? botName : message.from.first_name,
    ...content(message),
    buttons: rows(message.buttons()),
    ...(message.replyTo ? { replyTo: { key: `m${message.replyTo.id}`, preview: (message.replyTo.plainText ?? '').slice(0, 80) } } : {}),
    edited: message.edits > 0,
    at: message.versions[0]!.at,
  }
}

function inlineView(message: InlineMessage | undefined, id: string): MessageView[] {
  if (!message) return []
  return [{ key: `i${id}`, fromBot: false, author: message.from.first_name, ...content(message), buttons: rows(message.buttons()), edited: message.edits > 0, at: message.versions[0]!.at }]
}

function content(message: ChatMessage | InlineMessage): Pick<MessageView, 'html' | 'text' | 'media'> {
  const media = message.media ? { media: { type: message.media.type, fileId: message.media.fileId, ...(message.media.filename ? { filename: message.media.filename } : {}) } } : {}
  const body = message.parseMode?.toLowerCase() === 'html' ? { html: message.text ?? '' } : { text: message.plainText ?? '' }
  return { ...media, ...body }
}

function rows(buttons: FlatButton[]): MessageView['buttons'] {
  const grid: MessageView['buttons'] = []
  for (const { row, text, callback_data, url, switch_inline_query, switch_inline_query_current_chat } of buttons) {
    ;(grid[row] ??= []).push({ text, callback_data, url, switch_inline_query, switch_inline_query_current_chat })
  }
  return grid
}

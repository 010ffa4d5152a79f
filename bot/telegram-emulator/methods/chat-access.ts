// Rules shared by every method that posts into a chat: may the bot write
// there at all, and which message does it reply to.

import type { FakeChat } from '../chats.js'
import { badRequest, forbidden } from '../errors.js'
import type { ChatMessage } from '../messages.js'
import type { Payload } from '../parse-request.js'
import { optBool, optInt, optObject } from '../payload.js'
import type { FakeState } from '../state.js'

/** The target chat, refusing like Telegram when the user never started or blocked the bot. */
export function writableChat(state: FakeState, p: Payload): FakeChat {
  const chat = state.chatFor(p)
  if (chat.type === 'private') {
    if (chat.blocked) throw forbidden('bot was blocked by the user')
    if (!chat.started) throw forbidden("bot can't initiate conversation with a user")
  }
  return chat
}

/** reply_parameters (or the older reply_to_message_id) resolved to a stored message. */
export function replyTarget(chat: FakeChat, p: Payload): ChatMessage | undefined {
  const params = optObject<{ message_id?: number; allow_sending_without_reply?: boolean }>(p, 'reply_parameters')
  const id = params?.message_id ?? optInt(p, 'reply_to_message_id')
  if (id === undefined) return undefined
  const target = chat.find(id)
  if (target && !target.deleted) return target
  if (params?.allow_sending_without_reply || optBool(p, 'allow_sending_without_reply')) return undefined
  throw badRequest('message to be replied not found')
}

/** Flood control counts per chat; inline messages have no chat id the bot can see. */
export const chatFloodKey = (chatId: number): string => `chat:${chatId}`
export const inlineFloodKey = (inlineMessageId: string): string => `inline:${inlineMessageId}`

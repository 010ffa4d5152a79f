// Methods that change or remove a message the bot sent, in a chat or placed
// through inline mode (addressed by inline_message_id).

import type { InlineKeyboardMarkup, MessageEntity } from 'grammy/types'
import { badRequest } from '../errors.js'
import type { ChatMessage, InlineMessage, MessageVersion } from '../messages.js'
import type { Payload } from '../parse-request.js'
import { optObject, optString, reqInt } from '../payload.js'
import type { FakeState } from '../state.js'
import { checkCaption, checkMessageText, checkReplyMarkup, sameMarkup } from '../validate.js'
import { chatFloodKey, inlineFloodKey } from './chat-access.js'
import type { Method } from './context.js'

type Target = { message: ChatMessage; floodKey: string; inline: false } | { message: InlineMessage; floodKey: string; inline: true }

const notFound = () => badRequest('message to edit not found')

function editTarget(state: FakeState, p: Payload): Target {
  const inlineId = optString(p, 'inline_message_id')
  if (inlineId !== undefined) {
    const message = state.inlineMessages.get(inlineId)
    if (!message) throw notFound()
    return { message, floodKey: inlineFloodKey(inlineId), inline: true }
  }
  const chat = state.chatFor(p)
  const message = chat.find(reqInt(p, 'message_id'))
  if (!message || message.deleted) throw notFound()
  if (!message.fromBot) throw badRequest("message can't be edited")
  return { message, floodKey: chatFloodKey(chat.id), inline: false }
}

/** Applies a new version unless nothing changed; returns what Telegram returns. */
function applyEdit(state: FakeState, target: Target, next: Omit<MessageVersion, 'at'>): unknown {
  const now = target.message.current
  if (next.text === now.text && next.parseMode === now.parseMode && sameMarkup(next.replyMarkup, now.replyMarkup)) {
    throw badRequest(
      'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    )
  }
  state.flood.check(target.floodKey)
  target.message.addVersion(next)
  state.flood.record(target.floodKey)
  return target.inline ? true : target.message.toTelegram()
}

// Note: like Telegram, an edit without reply_markup removes the inline keyboard.
export const editMessageText: Method = (p, { state }) => {
  const target = editTarget(state, p)
  if (target.message.media) throw badRequest('there is no text in the message to edit')
  const text = optString(p, 'text')
  const parseMode = optString(p, 'parse_mode')
  const plainText = checkMessageText(text, parseMode)
  const replyMarkup = checkReplyMarkup(p.reply_markup)
  const entities = optObject<MessageEntity[]>(p, 'entities')
  return applyEdit(state, target, { text, plainText, parseMode, entities, replyMarkup })
}

export const editMessageCaption: Method = (p, { state }) => {
  const target = editTarget(state, p)
  if (!target.message.media) throw badRequest('there is no caption in the message to edit')
  const text = optString(p, 'caption')
  const parseMode = optString(p, 'parse_mode')
  const plainText = checkCaption(text, parseMode)
  const replyMarkup = checkReplyMarkup(p.reply_markup)
  const entities = optObject<MessageEntity[]>(p, 'caption_entities')
  return applyEdit(state, target, { text, plainText, parseMode, entities, replyMarkup })
}

export const editMessageReplyMarkup: Method = (p, { state }) => {
  const target = editTarget(state, p)
  const replyMarkup: InlineKeyboardMarkup | undefined = checkReplyMarkup(p.reply_markup)
  return applyEdit(state, target, { ...target.message.current, replyMarkup })
}

export const deleteMessage: Method = (p, { state }) => {
  const chat = state.chatFor(p)
  const message = chat.find(reqInt(p, 'message_id'))
  if (!message || message.deleted) throw badRequest('message to delete not found')
  message.deleted = true
  return true
}

// Methods that post a new message into a chat.

import type { MessageEntity } from 'grammy/types'
import { badRequest } from '../errors.js'
import { ChatMessage, type MediaInfo } from '../messages.js'
import type { Payload } from '../parse-request.js'
import { optObject, optString } from '../payload.js'
import type { FakeState } from '../state.js'
import { checkCaption, checkMessageText, checkReplyMarkup } from '../validate.js'
import { chatFloodKey, replyTarget, writableChat } from './chat-access.js'
import type { Method, MethodContext } from './context.js'

export const sendMessage: Method = (p, { state }) => {
  const chat = writableChat(state, p)
  const text = optString(p, 'text')
  const parseMode = optString(p, 'parse_mode')
  const plainText = checkMessageText(text, parseMode)
  const replyMarkup = checkReplyMarkup(p.reply_markup)
  const replyTo = replyTarget(chat, p)
  state.flood.check(chatFloodKey(chat.id))
  const message = new ChatMessage(
    chat.allocateMessageId(),
    chat.chat,
    state.bot,
    true,
    { text, plainText, parseMode, entities: optObject<MessageEntity[]>(p, 'entities'), replyMarkup, at: Date.now() },
    undefined,
    replyTo,
  )
  chat.add(message)
  state.flood.record(chatFloodKey(chat.id))
  return message.toTelegram()
}

export const sendPhoto: Method = (p, ctx) => sendFile('photo', 'sendPhoto', p, ctx)
export const sendDocument: Method = (p, ctx) => sendFile('document', 'sendDocument', p, ctx)

function sendFile(field: 'photo' | 'document', method: string, p: Payload, { state, files }: MethodContext): unknown {
  const chat = writableChat(state, p)
  const parseMode = optString(p, 'parse_mode')
  const caption = optString(p, 'caption')
  const plainText = checkCaption(caption, parseMode)
  const replyMarkup = checkReplyMarkup(p.reply_markup)
  const replyTo = replyTarget(chat, p)
  const file = resolveFile(field, p, files, state)
  state.flood.check(chatFloodKey(chat.id))

  const media: MediaInfo = {
    type: field,
    fileId: file.fileId,
    fileUniqueId: `AQADfake${state.next()}`,
    ...(file.filename ? { filename: file.filename } : {}),
    ...(file.bytes ? { size: file.bytes.byteLength } : {}),
  }
  const message = new ChatMessage(
    chat.allocateMessageId(),
    chat.chat,
    state.bot,
    true,
    { text: caption, plainText, parseMode, entities: optObject<MessageEntity[]>(p, 'caption_entities'), replyMarkup, at: Date.now() },
    media,
    replyTo,
  )
  chat.add(message)
  state.flood.record(chatFloodKey(chat.id))
  state.uploads.push({ method, chatId: chat.id, messageId: message.id, field, ...file, at: Date.now() })
  if (file.bytes) state.files.set(file.fileId, file.bytes)
  return message.toTelegram()
}

interface ResolvedFile {
  fileId: string
  bytes: Uint8Array | undefined
  filename: string | undefined
  contentType: string | undefined
  source: string | undefined
}

/** The file behind `field`: an attach:// multipart part, a part named like the field, or a file_id/URL string. */
function resolveFile(field: string, p: Payload, files: MethodContext['files'], state: FakeState): ResolvedFile {
  const value = optString(p, field)
  const part = value?.startsWith('attach://') ? files.get(value.slice('attach://'.length)) : files.get(field)
  if (part) {
    if (part.bytes.byteLength === 0) throw badRequest('file must be non-empty')
    return { fileId: newFileId(state), bytes: part.bytes, filename: part.filename, contentType: part.contentType, source: undefined }
  }
  if (!value || value.startsWith('attach://')) throw badRequest(`there is no ${field} in the request`)
  // A file_id we issued earlier is reused as is; anything else counts as a URL or foreign file_id.
  const known = state.uploads.some((u) => u.fileId === value)
  return { fileId: known ? value : newFileId(state), bytes: undefined, filename: undefined, contentType: undefined, source: value }
}

const newFileId = (state: FakeState): string => `AgACAgFake${state.next()}`

const CHAT_ACTIONS = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice',
  'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note',
])

export const sendChatAction: Method = (p, { state }) => {
  writableChat(state, p)
  if (!CHAT_ACTIONS.has(optString(p, 'action') ?? '')) throw badRequest('wrong parameter action in request')
  return true
}

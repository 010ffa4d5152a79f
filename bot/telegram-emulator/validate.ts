// Telegram's input limits, checked where a violation is a real bug the bot
// would only discover in production. Messages follow the Bot API errors
// word for word so tests can match on them.

import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types'
import { badRequest } from './errors.js'
import { htmlToPlainText } from './html.js'

export const MAX_TEXT = 4096
export const MAX_CAPTION = 1024
export const MAX_CALLBACK_DATA_BYTES = 64
export const MAX_CALLBACK_ANSWER = 200
export const MAX_INLINE_RESULT_ID_BYTES = 64
export const MAX_INLINE_RESULTS = 50

/** Visible text after parse_mode is applied; only HTML is parsed, other modes are stored as sent. */
export function visibleText(text: string, parseMode: string | undefined): string {
  return parseMode?.toLowerCase() === 'html' ? htmlToPlainText(text) : text
}

/** Message text: 1..4096 characters after entity parsing. */
export function checkMessageText(text: string | undefined, parseMode: string | undefined): string {
  if (text === undefined) throw badRequest('message text is empty')
  const plain = visibleText(text, parseMode)
  if (plain.trim().length === 0) throw badRequest('message text is empty')
  if (plain.length > MAX_TEXT) throw badRequest('message is too long')
  return plain
}

export function checkCaption(caption: string | undefined, parseMode: string | undefined): string | undefined {
  if (caption === undefined) return undefined
  const plain = visibleText(caption, parseMode)
  if (plain.length > MAX_CAPTION) throw badRequest('message caption is too long')
  return plain
}

/**
 * Returns the inline keyboard if `markup` is one; other markups (reply
 * keyboards, ForceReply) are accepted but do not become buttons.
 */
export function checkReplyMarkup(markup: unknown): InlineKeyboardMarkup | undefined {
  if (markup === undefined) return undefined
  if (typeof markup !== 'object' || markup === null) throw badRequest("can't parse reply keyboard markup JSON object")
  if (!('inline_keyboard' in markup)) return undefined
  const rows = (markup as { inline_keyboard: unknown }).inline_keyboard
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays')
  }
  for (const row of rows as unknown[][]) for (const button of row) checkButton(button)
  return markup as InlineKeyboardMarkup
}

const ACTIONS = [
  'callback_data', 'url', 'web_app', 'login_url', 'switch_inline_query',
  'switch_inline_query_current_chat', 'switch_inline_query_chosen_chat',
  'copy_text', 'callback_game', 'pay', 'disabled',
] as const

function checkButton(button: unknown): asserts button is InlineKeyboardButton {
  if (typeof button !== 'object' || button === null) throw badRequest("can't parse inline keyboard button")
  const b = button as Record<string, unknown>
  if (typeof b.text !== 'string' || b.text.length === 0) throw badRequest('text buttons are unallowed in the inline keyboard')
  const actions = ACTIONS.filter((key) => b[key] !== undefined)
  if (actions.length !== 1) {
    throw badRequest("can't parse inline keyboard button: exactly one of the optional fields must be used")
  }
  if (b.callback_data !== undefined) {
    const data = b.callback_data
    if (typeof data !== 'string' || data.length === 0 || Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES) {
      throw badRequest('BUTTON_DATA_INVALID')
    }
  }
  if (b.url !== undefined && (typeof b.url !== 'string' || !/^(https?|tg):\/\//i.test(b.url))) {
    throw badRequest('BUTTON_URL_INVALID')
  }
}

/** Stable comparison for "message is not modified": no keyboard equals an empty one. */
export function sameMarkup(a: InlineKeyboardMarkup | undefined, b: InlineKeyboardMarkup | undefined): boolean {
  const norm = (m: InlineKeyboardMarkup | undefined): string =>
    m === undefined || m.inline_keyboard.every((row) => row.length === 0) ? '' : JSON.stringify(m.inline_keyboard)
  return norm(a) === norm(b)
}

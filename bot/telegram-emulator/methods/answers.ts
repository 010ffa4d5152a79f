// Answers to callback queries and inline queries. Each query id may be
// answered once; a second answer (or one to a query we never sent) fails as
// it does on Telegram, which catches double-answer bugs in handlers.

import type { InlineQueryResult, InlineQueryResultsButton } from 'grammy/types'
import { badRequest, queryInvalid } from '../errors.js'
import { optBool, optInt, optObject, optString } from '../payload.js'
import {
  checkMessageText, checkReplyMarkup, MAX_CALLBACK_ANSWER, MAX_INLINE_RESULT_ID_BYTES, MAX_INLINE_RESULTS,
} from '../validate.js'
import type { Method } from './context.js'

export const answerCallbackQuery: Method = (p, { state }) => {
  const id = optString(p, 'callback_query_id') ?? ''
  if (!state.callbackQueries.has(id) || state.callbackAnswers.has(id)) throw queryInvalid()
  const text = optString(p, 'text')
  if (text !== undefined && text.length > MAX_CALLBACK_ANSWER) throw badRequest('MESSAGE_TOO_LONG')
  state.callbackAnswers.set(id, {
    callbackQueryId: id,
    text,
    showAlert: optBool(p, 'show_alert') ?? false,
    url: optString(p, 'url'),
    cacheTime: optInt(p, 'cache_time'),
    at: Date.now(),
  })
  return true
}

export const answerInlineQuery: Method = (p, { state }) => {
  const id = optString(p, 'inline_query_id') ?? ''
  if (!state.inlineQueries.has(id) || state.inlineAnswers.has(id)) throw queryInvalid()
  const results = optObject<InlineQueryResult[]>(p, 'results')
  if (!Array.isArray(results)) throw badRequest('results is empty')
  if (results.length > MAX_INLINE_RESULTS) throw badRequest('RESULTS_TOO_MUCH')
  const seen = new Set<string>()
  for (const result of results) {
    const resultId: unknown = result.id
    if (typeof resultId !== 'string' || resultId.length === 0 || Buffer.byteLength(resultId) > MAX_INLINE_RESULT_ID_BYTES) {
      throw badRequest('RESULT_ID_INVALID')
    }
    if (seen.has(resultId)) throw badRequest('RESULT_ID_DUPLICATE')
    seen.add(resultId)
    checkReplyMarkup(result.reply_markup)
    const content = (result as { input_message_content?: { message_text?: string; parse_mode?: string } }).input_message_content
    if (content && 'message_text' in content) checkMessageText(content.message_text, content.parse_mode)
  }
  state.inlineAnswers.set(id, {
    inlineQueryId: id,
    results,
    cacheTime: optInt(p, 'cache_time'),
    isPersonal: optBool(p, 'is_personal') ?? false,
    nextOffset: optString(p, 'next_offset'),
    button: optObject<InlineQueryResultsButton>(p, 'button'),
    at: Date.now(),
  })
  return true
}

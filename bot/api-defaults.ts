import type { Transformer } from 'grammy'
import { truncateToCodeUnits } from '../core/text.js'

/**
 * Every text the bot writes comes from locales/ as HTML, with anything a user typed escaped.
 * Rather than trusting each call site to remember it, this transformer makes the Bot API see
 * it the same way everywhere:
 *  - messages and captions go out with parse_mode HTML unless a call says otherwise (text
 *    escaped for HTML but sent as plain text shows "Tom &amp; Jerry");
 *  - fields Telegram shows as plain text (callback answers, inline result titles and
 *    buttons) get the HTML taken out and are cut to Telegram's lengths by grapheme;
 *  - an edit that changes nothing ("message is not modified": a double tap on a card that
 *    already shows its final state) is a success, not an error.
 */
export const apiDefaults: Transformer = async (prev, method, payload, signal) => {
  const result = await prev(method, adjust(method, payload as Record<string, unknown>) as typeof payload, signal)
  if (!result.ok && method.startsWith('edit') && /message is not modified/i.test(result.description)) {
    return { ok: true, result: true as never }
  }
  return result
}

const HTML_FIELDS: Record<string, string> = {
  sendMessage: 'text',
  editMessageText: 'text',
  sendPhoto: 'caption',
  sendDocument: 'caption',
  editMessageCaption: 'caption',
}

/** Telegram's limits for plain-text fields. */
const CALLBACK_ANSWER_MAX = 200
const INLINE_BUTTON_MAX = 64

function adjust(method: string, payload: Record<string, unknown>): Record<string, unknown> {
  const field = HTML_FIELDS[method]
  if (field && payload[field] !== undefined && payload.parse_mode === undefined) return { ...payload, parse_mode: 'HTML' }
  if (method === 'answerCallbackQuery' && typeof payload.text === 'string') {
    return { ...payload, text: truncateToCodeUnits(htmlToPlain(payload.text), CALLBACK_ANSWER_MAX) }
  }
  if (method === 'answerInlineQuery') return adjustInlineAnswer(payload)
  return payload
}

function adjustInlineAnswer(payload: Record<string, unknown>): Record<string, unknown> {
  const button = payload.button as { text: string } | undefined
  const results = (payload.results as Array<Record<string, unknown>> | undefined)?.map((result) => ({
    ...result,
    ...(typeof result.title === 'string' ? { title: htmlToPlain(result.title) } : {}),
    ...(typeof result.description === 'string' ? { description: htmlToPlain(result.description) } : {}),
  }))
  return {
    ...payload,
    ...(results ? { results } : {}),
    ...(button ? { button: { ...button, text: truncateToCodeUnits(htmlToPlain(button.text), INLINE_BUTTON_MAX) } } : {}),
  }
}

/** Our HTML (a few tags, three escapes) as the plain text a person reads. */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}

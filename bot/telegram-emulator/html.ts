// Checks text sent with parse_mode HTML the way Telegram does and returns the
// visible text. Unescaped `<`, unknown tags and unbalanced tags are a classic
// production bug (a user named "<Bob>" breaks every message that shows the
// name), so the fake fails such requests instead of storing them.

import { badRequest, type TelegramError } from './errors.js'

/** Tags the Bot API understands in HTML mode. */
const ALLOWED = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler',
  'a', 'code', 'pre', 'blockquote', 'tg-emoji', 'tg-time',
])

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' }

const cantParse = (what: string): TelegramError => badRequest(`can't parse entities: ${what}`)

export function htmlToPlainText(html: string): string {
  const open: string[] = []
  let plain = ''
  let i = 0
  while (i < html.length) {
    const ch = html[i]!
    if (ch === '&') {
      const entity = /^&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/i.exec(html.slice(i))
      const decoded = entity ? decodeEntity(entity[1]!) : undefined
      // Unknown entities stay literal text, as in Telegram.
      if (entity && decoded !== undefined) {
        plain += decoded
        i += entity[0].length
        continue
      }
      plain += ch
      i++
      continue
    }
    if (ch !== '<') {
      plain += ch
      i++
      continue
    }
    const offset = Buffer.byteLength(html.slice(0, i))
    const end = html.indexOf('>', i)
    if (end < 0) throw cantParse(`Unclosed start tag at byte offset ${offset}`)
    const tag = /^<(\/?)([a-z][a-z0-9-]*)\b([^>]*)>$/i.exec(html.slice(i, end + 1))
    if (!tag) throw cantParse(`Unsupported start tag at byte offset ${offset}`)
    const closing = tag[1] === '/'
    const name = tag[2]!.toLowerCase()
    if (!ALLOWED.has(name)) throw cantParse(`Unsupported start tag "${name}" at byte offset ${offset}`)
    if (closing) {
      const expected = open.pop()
      if (expected !== name) {
        throw cantParse(
          `Unmatched end tag at byte offset ${offset}, expected "</${expected ?? ''}>", found "</${name}>"`,
        )
      }
    } else {
      open.push(name)
    }
    i = end + 1
  }
  const unclosed = open.pop()
  if (unclosed !== undefined) throw cantParse(`Can't find end tag corresponding to start tag "${unclosed}"`)
  return plain
}

function decodeEntity(body: string): string | undefined {
  if (body[0] === '#') {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined
  }
  return NAMED[body.toLowerCase()]
}

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CODES_WITH_PRIVATE_DETAILS, ERROR_CODES } from '../../core/errors.js'
import { createI18n, LOCALES, LOCALES_DIR } from '../../bot/i18n.js'

const source = (locale: string) => readFileSync(path.join(LOCALES_DIR, `${locale}.ftl`), 'utf8')
const keysOf = (ftl: string) => [...ftl.matchAll(/^([a-zA-Z][\w-]*) *=/gm)].map((m) => m[1]!).sort()

/** Each message's own text block, to find which variables it uses. */
function messages(ftl: string): Map<string, string> {
  const blocks = new Map<string, string>()
  let current: string | undefined
  for (const line of ftl.split('\n')) {
    const start = /^([a-zA-Z][\w-]*) *=/.exec(line)
    if (start) current = start[1]
    else if (line.trim() !== '' && !/^\s/.test(line)) current = undefined
    if (current) blocks.set(current, (blocks.get(current) ?? '') + line + '\n')
  }
  return blocks
}

describe('locales', () => {
  const i18n = createI18n()

  it('English and Chinese have exactly the same keys', () => {
    expect(keysOf(source('zh'))).toEqual(keysOf(source('en')))
    expect(keysOf(source('en')).length).toBeGreaterThan(80)
  })

  it.each(LOCALES)('every domain error code has a message in %s', (locale) => {
    const keys = new Set(keysOf(source(locale)))
    expect(ERROR_CODES.filter((code) => !keys.has(`error-${code}`))).toEqual([])
    // A refusal with someone's private facts also needs the versions that leave them out.
    const variants = CODES_WITH_PRIVATE_DETAILS.flatMap((code) => [`error-${code}-public`, `error-${code}-others`])
    expect(variants.filter((key) => !keys.has(key))).toEqual([])
  })

  it.each(LOCALES)('every %s message renders with its variables, without isolation marks, with balanced HTML', (locale) => {
    for (const [key, block] of messages(source(locale))) {
      const vars = Object.fromEntries([...block.matchAll(/\{\s*\$(\w+)/g)].map((m) => [m[1]!, 'x']))
      const text = i18n.t(locale, key, vars)
      expect(text, key).not.toMatch(/\{\$|\u2068|\u2069/) // an unfilled placeable or a bidi mark
      const opened = (text.match(/<(b|i|code|pre)>/g) ?? []).length
      const closed = (text.match(/<\/(b|i|code|pre)>/g) ?? []).length
      expect(closed, `${key}: ${text}`).toBe(opened)
    }
  })
})

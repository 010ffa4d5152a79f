import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CODES_WITH_PRIVATE_DETAILS, ERROR_CODES } from '../../core/errors.js'
import { ADMIN_COMMANDS, USER_COMMANDS } from '../../bot/commands.js'
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

  it('no key is left unused: each is named in the bot’s code (or is a domain error’s or a command’s)', () => {
    const code = sourceFiles(path.join(LOCALES_DIR, '..', 'bot')).map((file) => readFileSync(file, 'utf8')).join('\n')
    const families = new Set([
      ...ERROR_CODES.flatMap((c) => [`error-${c}`, `error-${c}-public`, `error-${c}-others`]),
      ...[...USER_COMMANDS, ...ADMIN_COMMANDS].map((c) => `cmd-${c}`),
    ])
    const unused = keysOf(source('en')).filter((key) => !families.has(key) && !code.includes(`'${key}'`))
    expect(unused).toEqual([])
  })
})

/**
 * The glossary's mechanical rules for Chinese, checked on every message of zh.ftl: no ASCII
 * space between a Chinese character and a digit, ¥ or an amount (spaces only around
 * @handles, names and Latin words), “” rather than 「」, no Latin dash, and 个 (never 份)
 * for red packets.
 */
describe('zh.ftl follows the glossary', () => {
  const HAN = '\\p{Script=Han}'
  // Placeables that stand for a person, a handle or a Latin word may have spaces around them.
  const SPACED = new Set(['to', 'from', 'sender', 'who', 'target', 'username', 'name', 'merchant', 'bot', 'currency', 'expected', 'given', 'known', 'link', 'ref', 'kind'])
  // Commands and what to type keep their spaces: <code> spans are not prose.
  const values = [...messages(source('zh'))].map(([key, block]) => [key, block.slice(block.indexOf('=') + 1).replace(/<code>.*?<\/code>/g, '⟨code⟩')] as const)

  it('has messages to check', () => expect(values.length).toBeGreaterThan(80))

  it.each(values)('%s: no space between Chinese and a digit, ¥ or an amount', (_key, text) => {
    expect(text).not.toMatch(new RegExp(`${HAN} [0-9¥]|[0-9] ${HAN}`, 'u'))
    for (const m of text.matchAll(new RegExp(`${HAN} \\{ \\$(\\w+) \\}|\\{ \\$(\\w+) \\} ${HAN}`, 'gu'))) {
      expect(SPACED, `a space beside { $${m[1] ?? m[2]} }`).toContain(m[1] ?? m[2])
    }
  })

  it.each(values)('%s: “” not 「」, no Latin dash, 个 not 份', (_key, text) => {
    expect(text).not.toMatch(/[「」]/)
    expect(text).not.toMatch(/[—–]| - /)
    expect(text).not.toMatch(/(\d|\})份|份数|每份|一份/) // (身份, identity, is not a packet)
  })
})

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : []
  })
}

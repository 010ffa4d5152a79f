import { I18n } from '@grammyjs/i18n'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BotContext } from './context.js'

export const LOCALES = ['en', 'zh'] as const
export type BotLocale = (typeof LOCALES)[number]

/** Resolved from this file, not the working directory: the bot may be started from anywhere. */
export const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../locales')

/** Telegram's language_code decides until the user picks one with /language. */
export function localeFor(user: { locale: string | null; languageCode: string | null } | undefined): BotLocale {
  if (user?.locale === 'en' || user?.locale === 'zh') return user.locale
  return user?.languageCode?.toLowerCase().startsWith('zh') ? 'zh' : 'en'
}

/** The language `ctx.t` writes in: the group's in a group, else the person's. */
export const localeOf = (ctx: { chatLocale?: BotLocale; wallet: { locale: string | null; languageCode: string | null } | undefined }): BotLocale =>
  ctx.chatLocale ?? localeFor(ctx.wallet)

export function createI18n(): I18n<BotContext> {
  const i18n = new I18n<BotContext>({
    defaultLocale: 'en',
    // Bidi isolation marks (U+2068/U+2069) would show up around every amount and name.
    fluentBundleOptions: { useIsolating: false },
    // A group's messages are in the group's language; everything else in the person's.
    localeNegotiator: localeOf,
  })
  i18n.loadLocalesDirSync(LOCALES_DIR)
  negotiateOncePerLocale(i18n)
  return i18n
}

interface BundleMatcher {
  matchBundles(locales: readonly string[]): unknown
}

/**
 * @grammyjs/i18n negotiates which bundles serve a locale (Fluent's negotiateLanguages over
 * every bundle) on every single translation, several per update. The bundles are all loaded
 * above and never change, so the answer for a locale never changes either: remember it.
 * Reaches a private method of the plugin's Fluent; the locale tests fail if it ever moves.
 */
function negotiateOncePerLocale(i18n: I18n<BotContext>): void {
  const fluent = i18n.fluent as unknown as BundleMatcher
  const negotiate = fluent.matchBundles.bind(fluent)
  const matched = new Map<string, unknown>()
  fluent.matchBundles = (locales) => {
    const key = locales.join(',')
    let bundles = matched.get(key)
    if (bundles === undefined) matched.set(key, (bundles = negotiate(locales)))
    return bundles
  }
}

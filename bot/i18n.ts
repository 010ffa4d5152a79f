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

export function createI18n(): I18n<BotContext> {
  const i18n = new I18n<BotContext>({
    defaultLocale: 'en',
    // Bidi isolation marks (U+2068/U+2069) would show up around every amount and name.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => localeFor(ctx.wallet),
  })
  i18n.loadLocalesDirSync(LOCALES_DIR)
  return i18n
}

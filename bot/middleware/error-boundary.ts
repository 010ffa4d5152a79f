import { randomBytes } from 'node:crypto'
import type { NextFunction } from 'grammy'
import { isDomainError, type DomainError } from '../../core/errors.js'
import type { Locale } from '../../core/money/index.js'
import type { BotContext } from '../context.js'
import { esc, money } from '../render.js'

/**
 * The one place where failures become messages. A DomainError is a refusal the user can act
 * on: its code picks the message, its details fill it in. Anything else is our fault: it is
 * logged with a short reference the user can quote, and they get a generic apology.
 */
export async function errorBoundary(ctx: BotContext, next: NextFunction): Promise<void> {
  try {
    await next()
  } catch (error) {
    await tellUser(ctx, error)
  }
}

async function tellUser(ctx: BotContext, error: unknown): Promise<void> {
  let text: string
  if (isDomainError(error)) {
    text = domainErrorText(ctx, error)
  } else {
    const ref = randomBytes(3).toString('hex')
    ctx.log?.error({ err: error, ref }, 'unhandled error')
    text = ctx.t ? ctx.t('error-unknown', { ref }) : `Something went wrong (ref ${ref}).`
  }
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: plain(text), show_alert: true })
    else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 0, button: { text: plain(text).slice(0, 64), start_parameter: 'help' } })
    else if (ctx.chat) await ctx.reply(text, { parse_mode: 'HTML', reply_parameters: replyTo(ctx) })
  } catch (replyError) {
    ctx.log?.warn({ err: replyError }, 'could not tell the user about an error')
  }
}

export function domainErrorText(ctx: BotContext, error: DomainError): string {
  const locale = (ctx.wallet?.locale ?? 'en') as Locale
  return ctx.t(`error-${error.code}`, detailVars(error.details, locale))
}

/** `balanceMinor: '700'` + `currency` → `balance: '¥7.00'`; other details are escaped text. */
function detailVars(details: Record<string, string | number>, locale: Locale): Record<string, string | number> {
  const currency = typeof details.currency === 'string' ? details.currency : 'CNY'
  const vars: Record<string, string | number> = {}
  for (const [key, value] of Object.entries(details)) {
    if (key.endsWith('Minor')) vars[key.slice(0, -'Minor'.length)] = money(BigInt(value), currency, locale)
    else vars[key] = typeof value === 'string' ? esc(value) : value
  }
  return vars
}

/** Callback alerts and inline buttons are plain text: strip our HTML. */
const plain = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').slice(0, 200)

const replyTo = (ctx: BotContext) => (ctx.msg?.message_id ? { message_id: ctx.msg.message_id, allow_sending_without_reply: true } : undefined)

import { randomBytes } from 'node:crypto'
import type { NextFunction } from 'grammy'
import type { Core } from '../../core/core.js'
import type { PostingWatch } from '../../core/db/posting-watch.js'
import type { RiskRule } from '../../core/security/risk.js'
import { isDomainError, type DomainError } from '../../core/errors.js'
import type { BotContext } from '../context.js'
import { localeFor, localeOf, type BotLocale } from '../i18n.js'
import { esc, formatTime, money } from '../render.js'

/**
 * The one place where failures become messages. A DomainError is a refusal the user can act
 * on: its code picks the message, its details fill it in. Anything else is our fault: it is
 * logged with a short reference the user can quote, and they get a generic apology.
 * Handlers reach the wallet through `ctx.core`, which counts the postings this update commits.
 */
export function errorBoundary(core: Core) {
  return async (ctx: BotContext, next: NextFunction): Promise<void> => {
    const watch: PostingWatch = { postings: 0 }
    ctx.core = core.watching(watch)
    try {
      await next()
    } catch (error) {
      await tellUser(ctx, error, watch.postings > 0)
    }
  }
}

const RISK_RULE_KEYS: Record<RiskRule, string> = {
  wrong_passwords: 'risk-rule-wrong_passwords',
  velocity: 'risk-rule-velocity',
  amount_velocity: 'risk-rule-amount_velocity',
  new_account: 'risk-rule-new_account',
  unusual_amount: 'risk-rule-unusual_amount',
  new_recipients: 'risk-rule-new_recipients',
  farming: 'risk-rule-farming',
}

/** Risk rules in words, from their names (`rule` or `rule:action`). */
export const riskRulesInWords = (translate: (key: string) => string, rules: string[]) =>
  rules.map((rule) => translate(RISK_RULE_KEYS[rule.split(':')[0] as RiskRule])).join('; ')

/**
 * Who reads a refusal. Some refusals carry a person's private facts (the balance of an
 * INSUFFICIENT_FUNDS): those appear whole only to that person, in private ('self'); the
 * person reading it where others can ('self-in-public') gets it without them; anybody else
 * ('others') reads a version worded for them, about someone else's money.
 */
export type Audience = 'self' | 'self-in-public' | 'others'

/** Callback alerts and inline answers are seen by the presser alone; group replies by all. */
function audienceOf(ctx: BotContext): Audience {
  const alone = Boolean(ctx.callbackQuery || ctx.inlineQuery) || ctx.chat?.type === 'private'
  return alone ? 'self' : 'self-in-public'
}

/**
 * Says what went wrong, truthfully: once this update has committed money (a payment, a grab),
 * whatever fails afterwards must not sound like "nothing happened" — the person is told to
 * look at their balance before trying again, or they might pay twice.
 */
async function tellUser(ctx: BotContext, error: unknown, moneyMoved: boolean): Promise<void> {
  let text: string
  if (isDomainError(error) && !moneyMoved) {
    text = domainErrorText(ctx, error)
  } else {
    const ref = randomBytes(3).toString('hex')
    ctx.log?.error({ err: error, ref, moneyMoved }, 'unhandled error')
    const key = moneyMoved ? 'error-after-money-moved' : 'error-unknown'
    // i18n may not be installed yet when the failure came early (loading the wallet).
    text = (ctx as Partial<BotContext>).t ? translatorFor(ctx)(key, { ref }) : `Something went wrong (ref ${ref}).`
  }
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true })
    else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 0, button: { text, start_parameter: 'help' } })
    else if (ctx.chat) await ctx.reply(text, { reply_parameters: replyTo(ctx) })
  } catch (replyError) {
    ctx.log?.warn({ err: replyError }, 'could not tell the user about an error')
  }
}

/**
 * A refusal's message for its audience. When the details are someone's private facts and
 * the audience may not see them, the `-public` (the owner, where others read along) or
 * `-others` (anyone else) variant of the message is used, which carries none of them.
 */
export function domainErrorText(ctx: BotContext, error: DomainError, audience: Audience = audienceOf(ctx)): string {
  const key = `error-${error.code}${variantFor(ctx, error, audience)}`
  const locale = audience === 'self' ? localeFor(ctx.wallet) : localeOf(ctx)
  const zone = ctx.wallet ? ctx.core.statements.zoneOf(ctx.wallet) : ctx.core.config.timeZone
  const translate = translatorFor(ctx, audience)
  const vars = detailVars(error.details, locale, zone)
  // The risk rules that stopped a payment, each said in words.
  if (error.code === 'RISK_BLOCKED') vars.rules = riskRulesInWords(translate, String(error.details.rules).split(', '))
  return translate(key, vars)
}

/** What the person reads alone (an alert, an inline answer) is in their language; a group reply in the group's. */
function translatorFor(ctx: BotContext, audience: Audience = audienceOf(ctx)): BotContext['personal'] {
  return audience === 'self' && ctx.personal ? ctx.personal : (key, vars) => ctx.t(key, vars)
}

function variantFor(ctx: BotContext, error: DomainError, audience: Audience): '' | '-public' | '-others' {
  if (error.ownerUserId === undefined) return ''
  if (audience === 'others' || error.ownerUserId !== ctx.wallet?.id) return '-others'
  return audience === 'self' ? '' : '-public'
}

/**
 * `balanceMinor: '700'` + `currency` → `balance: '¥7.00'` (every amount travels with its
 * currency; DomainError insists); `unlocksAt` (an ISO time) → the reader's local time; other
 * details are escaped text.
 */
function detailVars(details: Record<string, string | number>, locale: BotLocale, zone: string): Record<string, string | number> {
  const currency = String(details.currency)
  const vars: Record<string, string | number> = {}
  for (const [key, value] of Object.entries(details)) {
    if (key.endsWith('Minor')) vars[key.slice(0, -'Minor'.length)] = money(BigInt(value), currency, locale)
    else if (key.endsWith('At')) vars[key] = formatTime(new Date(String(value)), zone)
    else vars[key] = typeof value === 'string' ? esc(value) : value
  }
  return vars
}

const replyTo = (ctx: BotContext) => (ctx.msg?.message_id ? { message_id: ctx.msg.message_id, allow_sending_without_reply: true } : undefined)

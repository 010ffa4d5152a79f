import { InlineKeyboard } from 'grammy'
import { MAX_BALANCE_MINOR } from '../../core/money/bounds.js'
import { parseAmount } from '../../core/money/index.js'
import type { SecurityEvent } from '../../core/security/account-security.js'
import { truncateText } from '../../core/text.js'
import { adminOnly } from '../admin-only.js'
import { buttons } from '../callback-data.js'
import type { BotContext, BotServices } from '../context.js'
import { localeOf } from '../i18n.js'
import { pressedInPrivate, privateOnly } from '../private-only.js'
import { esc, formatTime, money, personLabel } from '../render.js'
import type { Router } from '../router.js'

const EVENT_KEYS: Record<SecurityEvent['kind'], string> = {
  freeze: 'security-event-freeze',
  unfreeze_requested: 'security-event-unfreeze-requested',
  unfreeze: 'security-event-unfreeze',
  limit_changed: 'security-event-limit',
  limit_raise_requested: 'security-event-limit-raise',
}

/**
 * `/security` (安全中心): whether the account can pay, the daily limit and what is left of it
 * today, recent security events, and Freeze now / Unfreeze. `/security limit <amount|off>`
 * lowers the daily limit (or restores the wallet's). Admins: `/freeze @user [reason]` and
 * `/unfreeze @user`, recorded with their id. Private chat only for the owner's part.
 */
export function securityFeature(router: Router, services: BotServices): void {
  const { wallet: config } = services

  router.onCommand('security', privateOnly(), async (ctx) => {
    const [what = '', value = ''] = String(ctx.match ?? '').trim().split(/\s+/)
    if (what.toLowerCase() === 'limit' && value) {
      const limitMinor = value.toLowerCase() === 'off' ? null : parseAmount(value, { currency: config.currency, maxMinor: MAX_BALANCE_MINOR })
      const appliesAt = await ctx.core.security.setDailyLimit(ctx.wallet.id, limitMinor)
      if (appliesAt > ctx.core.db.clock.now()) await ctx.reply(ctx.t('security-limit-raise-at', { time: formatTime(appliesAt, ctx.core.statements.zoneOf(ctx.wallet)) }))
    } else if (what) {
      return ctx.reply(ctx.t('security-usage'))
    }
    const center = await renderCenter(ctx)
    await ctx.reply(center.text, { reply_markup: center.keyboard })
  })

  router.onButton(buttons.security, async (ctx, action) => {
    if (!(await pressedInPrivate(ctx))) return
    if (action === 'freeze') {
      await ctx.core.security.freeze(ctx.wallet.id, null)
      await ctx.answerCallbackQuery({ text: ctx.t('security-frozen-now'), show_alert: true })
    } else {
      const at = await ctx.core.security.requestUnfreeze(ctx.wallet.id)
      await ctx.answerCallbackQuery({ text: ctx.t('security-unfreeze-at', { time: formatTime(at, ctx.core.statements.zoneOf(ctx.wallet)) }), show_alert: true })
    }
    const center = await renderCenter(ctx)
    await ctx.editMessageText(center.text, { reply_markup: center.keyboard })
  })

  router.onCommand(['freeze', 'unfreeze'], adminOnly(config))
  for (const command of ['freeze', 'unfreeze'] as const) {
    router.onCommand(command, async (ctx) => {
      const [target = '', ...reason] = String(ctx.match ?? '').trim().split(/\s+/)
      const user = /^@\w{3,32}$/.test(target) ? await ctx.core.users.byUsername(target) : null
      if (!user) return ctx.reply(ctx.t(target.startsWith('@') ? 'user-unknown' : 'freeze-usage', { username: esc(truncateText(target, 40)) }))
      if (command === 'freeze') await ctx.core.security.freeze(user.id, ctx.wallet.telegramId, reason.join(' ').slice(0, 200) || null)
      else await ctx.core.security.unfreezeNow(user.id, ctx.wallet.telegramId)
      await ctx.reply(ctx.t(command === 'freeze' ? 'freeze-done' : 'unfreeze-done', { who: personLabel(user) }))
    })
  }
}

async function renderCenter(ctx: BotContext): Promise<{ text: string; keyboard: InlineKeyboard }> {
  const status = await ctx.core.security.status(ctx.wallet.id)
  const locale = localeOf(ctx)
  const amount = (minor: bigint) => money(minor, ctx.core.config.currency, locale)
  const left = status.dailyLimitMinor > status.spentTodayMinor ? status.dailyLimitMinor - status.spentTodayMinor : 0n
  const account = status.frozen
    ? status.frozenByAdmin
      ? ctx.t('security-account-frozen-by-admin')
      : status.unfreezeAt
      ? ctx.t('security-account-unfreezing', { time: formatTime(status.unfreezeAt, status.timeZone) })
      : ctx.t('security-account-frozen')
    : ctx.t('security-account-active')
  const events = status.recent.map((event) =>
    ctx.t(EVENT_KEYS[event.kind], { time: formatTime(event.at, status.timeZone), by: ctx.t(event.actorTelegramId === null ? 'security-by-you' : 'security-by-admin') }),
  )
  const text = ctx.t('security-center', {
    account,
    limit: amount(status.dailyLimitMinor) + (status.limitRaise ? ctx.t('security-limit-raising', { time: formatTime(status.limitRaise.at, status.timeZone) }) : ''),
    left: amount(left),
    events: events.length ? events.join('\n') : ctx.t('security-no-events'),
  })
  const keyboard = new InlineKeyboard()
  if (!status.frozen) keyboard.text(ctx.t('button-freeze'), buttons.security.pack('freeze'))
  else if (!status.unfreezeAt && !status.frozenByAdmin) keyboard.text(ctx.t('button-unfreeze'), buttons.security.pack('unfreeze'))
  return { text, keyboard }
}

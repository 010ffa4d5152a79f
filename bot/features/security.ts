import { InlineKeyboard } from 'grammy'
import { isDomainError } from '../../core/errors.js'
import { MAX_BALANCE_MINOR } from '../../core/money/bounds.js'
import { parseAmount } from '../../core/money/index.js'
import type { SecurityEvent } from '../../core/security/account-security.js'
import { entryTargets } from '../../core/security/password-entry.js'
import { truncateText } from '../../core/text.js'
import { adminOnly } from '../admin-only.js'
import { buttons } from '../callback-data.js'
import type { BotContext, BotServices } from '../context.js'
import { localeOf } from '../i18n.js'
import { pressedInPrivate, privateOnly } from '../private-only.js'
import { esc, formatTime, money, personLabel } from '../render.js'
import type { Router } from '../router.js'
import { cardLines } from './bank-cards.js'

const EVENT_KEYS: Record<SecurityEvent['kind'], string> = {
  freeze: 'security-event-freeze',
  unfreeze_requested: 'security-event-unfreeze-requested',
  unfreeze: 'security-event-unfreeze',
  limit_changed: 'security-event-limit',
  limit_raise_requested: 'security-event-limit-raise',
  password_set: 'security-event-password-set',
  password_changed: 'security-event-password-changed',
  password_failed: 'security-event-password-failed',
  password_locked: 'security-event-password-locked',
  free_changed: 'security-event-free',
  phone_verified: 'security-event-phone',
  password_reset: 'security-event-password-reset',
  payment_held: 'security-event-payment-held',
  payment_approved: 'security-event-payment-approved',
  payment_rejected: 'security-event-payment-rejected',
  payment_expired: 'security-event-payment-expired',
  card_bound: 'security-event-card-bound',
  card_unbound: 'security-event-card-unbound',
}

/**
 * `/security` (安全中心): whether the account can pay, the payment password, password-free
 * payments, the daily limit and what is left of it today, recent security events, and Freeze
 * now / Unfreeze (with the password, when one is set). `/security limit <amount|off>` lowers
 * the daily limit (or restores the wallet's); `/security free <per payment|off> [per day]`
 * sets password-free payments (raising them asks for the password); `/security password`
 * sets or changes the password. Admins: `/freeze @user [reason]` and
 * `/unfreeze @user`, recorded with their id. Private chat only for the owner's part.
 */
export function securityFeature(router: Router, services: BotServices): void {
  const { wallet: config } = services

  router.onCommand('security', privateOnly(), async (ctx) => {
    const [what = '', value = '', daily = ''] = String(ctx.match ?? '').trim().split(/\s+/)
    const amount = (text: string) => (text.toLowerCase() === 'off' ? 0n : parseAmount(text, { currency: config.currency, maxMinor: MAX_BALANCE_MINOR }))
    if (what.toLowerCase() === 'limit' && value) {
      const limitMinor = value.toLowerCase() === 'off' ? null : amount(value)
      const appliesAt = await ctx.core.security.setDailyLimit(ctx.wallet.id, limitMinor)
      if (appliesAt > ctx.core.db.clock.now()) await ctx.reply(ctx.t('security-limit-raise-at', { time: formatTime(appliesAt, ctx.core.statements.zoneOf(ctx.wallet)) }))
    } else if (what.toLowerCase() === 'free' && value) {
      const paymentMinor = amount(value)
      const dailyMinor = daily ? amount(daily) : await dailyFreeFor(ctx, paymentMinor)
      if (!(await setFree(ctx, { paymentMinor, dailyMinor }))) return
    } else if (what.toLowerCase() === 'password') {
      const { hasPassword } = await ctx.core.security.status(ctx.wallet.id)
      return services.passwords.ask(ctx, { purpose: hasPassword ? 'change' : 'set', summary: ctx.t(hasPassword ? 'password-change-title' : 'password-set-title') })
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
      let at: Date
      try {
        at = await ctx.core.security.requestUnfreeze(ctx.wallet.id)
      } catch (error) {
        if (!isDomainError(error, 'PASSWORD_REQUIRED')) throw error
        return services.passwords.ask(ctx, { purpose: 'unfreeze', target: entryTargets.unfreeze(), summary: ctx.t('password-unfreeze-title') })
      }
      await ctx.answerCallbackQuery({ text: unfreezeAtText(ctx, at), show_alert: true })
    }
    const center = await renderCenter(ctx)
    await ctx.editMessageText(center.text, { reply_markup: center.keyboard })
  })

  const unfreezeAtText = (ctx: BotContext, at: Date) => ctx.t('security-unfreeze-at', { time: formatTime(at, ctx.core.statements.zoneOf(ctx.wallet)) })

  services.passwords.onVerified('unfreeze', async (ctx) => {
    const at = await ctx.core.security.requestUnfreeze(ctx.wallet.id)
    await ctx.editMessageText(unfreezeAtText(ctx, at))
    await ctx.answerCallbackQuery({ text: unfreezeAtText(ctx, at), show_alert: true })
  })

  /**
   * The daily free total when only the per-payment amount was given: the current one, unless
   * it no longer fits one such payment (after `off`, say); then the wallet's default (or at
   * least the per-payment amount, within the cap).
   */
  async function dailyFreeFor(ctx: BotContext, paymentMinor: bigint): Promise<bigint> {
    if (paymentMinor === 0n) return 0n
    const current = (await ctx.core.security.status(ctx.wallet.id)).free.dailyMinor
    if (current >= paymentMinor) return current
    const { dailyMinor, dailyCapMinor } = config.passwordFree
    const wanted = dailyMinor > paymentMinor ? dailyMinor : paymentMinor
    return wanted < dailyCapMinor ? wanted : dailyCapMinor
  }

  /** Lowering applies now; raising asks for the password first (false: it was asked for). */
  async function setFree(ctx: BotContext, wanted: { paymentMinor: bigint; dailyMinor: bigint }): Promise<boolean> {
    try {
      await ctx.core.security.setPasswordFree(ctx.wallet.id, wanted)
      return true
    } catch (error) {
      if (!isDomainError(error, 'PASSWORD_REQUIRED')) throw error
      const amounts = freeAmounts(ctx, wanted)
      await services.passwords.ask(ctx, { purpose: 'free_limits', target: entryTargets.free(wanted.paymentMinor, wanted.dailyMinor), summary: ctx.t('password-free-title', amounts) })
      return false
    }
  }

  services.passwords.onVerified('free_limits', async (ctx, entry) => {
    const [, payment = '0', daily = '0'] = entry.target!.split(':')
    const wanted = { paymentMinor: BigInt(payment), dailyMinor: BigInt(daily) }
    await ctx.core.security.setPasswordFree(ctx.wallet.id, wanted)
    await ctx.editMessageText(ctx.t('security-free-set', freeAmounts(ctx, wanted)))
    await ctx.answerCallbackQuery()
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

const freeAmounts = (ctx: BotContext, free: { paymentMinor: bigint; dailyMinor: bigint }) => ({
  payment: money(free.paymentMinor, ctx.core.config.currency, localeOf(ctx)),
  daily: money(free.dailyMinor, ctx.core.config.currency, localeOf(ctx)),
})

async function renderCenter(ctx: BotContext): Promise<{ text: string; keyboard: InlineKeyboard }> {
  const status = await ctx.core.security.status(ctx.wallet.id)
  const cards = await ctx.core.bankCards.list(ctx.wallet.id)
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
    ctx.t(EVENT_KEYS[event.kind], {
      time: formatTime(event.at, status.timeZone),
      by: ctx.t(event.actorTelegramId === null ? 'security-by-you' : 'security-by-admin'),
      // A held payment's events carry its amount.
      amount: event.kind.startsWith('payment_') ? money(BigInt(event.detail ?? 0), ctx.core.config.currency, localeOf(ctx)) : '',
      // A card's events carry its last four digits, never more of the number.
      last4: event.kind.startsWith('card_') ? (event.detail ?? '') : '',
    }),
  )
  const password = status.passwordLockedUntil
    ? ctx.t('security-password-locked', { time: formatTime(status.passwordLockedUntil, status.timeZone) })
    : ctx.t(status.hasPassword ? 'security-password-set' : 'security-password-not-set')
  const free = status.hasPassword
    ? status.free.paymentMinor === 0n
      ? ctx.t('security-free-off')
      : ctx.t('security-free-on', { ...freeAmounts(ctx, status.free), used: amount(status.free.usedTodayMinor) })
    : ctx.t('security-free-no-password', { limit: amount(ctx.core.config.passwordFree.withoutPasswordDailyMinor) })
  const text = ctx.t('security-center', {
    account,
    password,
    phone: status.phoneMasked ? ctx.t('security-phone-verified', { phone: status.phoneMasked }) : ctx.t('security-phone-not-verified'),
    free,
    limit:
      amount(status.dailyLimitMinor) +
      (status.limitsReducedUntil ? ctx.t('security-limit-reduced', { time: formatTime(status.limitsReducedUntil, status.timeZone) }) : '') +
      (status.hasPassword && !status.phoneMasked && status.dailyLimitMinor < ctx.core.config.dailyLimitMinor ? ctx.t('security-limit-verify-phone', { limit: amount(ctx.core.config.dailyLimitMinor) }) : '') +
      (status.limitRaise ? ctx.t('security-limit-raising', { time: formatTime(status.limitRaise.at, status.timeZone) }) : ''),
    left: amount(left),
    cards: cards.length ? cardLines(ctx, cards) : ctx.t('security-no-cards'),
    events: events.length ? events.join('\n') : ctx.t('security-no-events'),
  })
  const keyboard = new InlineKeyboard().text(ctx.t(status.hasPassword ? 'button-change-password' : 'button-set-password'), buttons.password.pack(status.hasPassword ? 'change' : 'set'))
  if (status.hasPassword && status.phoneMasked) keyboard.text(ctx.t('button-forgot-password'), buttons.password.pack('reset'))
  keyboard.row()
  if (!status.phoneMasked) keyboard.text(ctx.t('button-verify-phone'), buttons.verifyPhone.pack('verify')).row()
  if (!status.frozen) keyboard.text(ctx.t('button-freeze'), buttons.security.pack('freeze'))
  else if (!status.unfreezeAt && !status.frozenByAdmin) keyboard.text(ctx.t('button-unfreeze'), buttons.security.pack('unfreeze'))
  return { text, keyboard }
}

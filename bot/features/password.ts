import type { PressResult } from '../../core/security/password-entry.js'
import { buttons } from '../callback-data.js'
import type { BotServices } from '../context.js'
import { renderKeypad } from '../keypad.js'
import { localeOf } from '../i18n.js'
import { originOf, type EntryOrigin } from '../password-prompt.js'
import { askContact } from './phone.js'
import { pressedInPrivate } from '../private-only.js'
import { formatTime, money } from '../render.js'
import type { Router } from '../router.js'

/** The line a keypad shows about the entry just finished, when it asks for another. */
const NOTICES: Partial<Record<PressResult['kind'], string>> = {
  confirm_new: 'keypad-notice-again',
  mismatch: 'keypad-notice-mismatch',
  too_simple: 'keypad-notice-too-simple',
  old_ok: 'keypad-notice-old-ok',
}

const DONE = { password_set: 'password-set-done', password_changed: 'password-changed-done', password_reset: 'password-reset-done' } as const

/**
 * The payment password's keypad (支付密码): set or change it from the security center, and
 * every press of every keypad — each edits the one keypad message. What a verified entry
 * unlocks (a payment, a red packet, an unfreeze) is up to the feature that asked for it
 * (services.passwords.onVerified).
 */
export function passwordFeature(router: Router, services: BotServices): void {
  router.onButton(buttons.password, async (ctx, action) => {
    if (!(await pressedInPrivate(ctx))) return
    if (action === 'reset') {
      // The keypad for the new password opens once the verified phone is shared again (phone.ts).
      const origin: EntryOrigin = { summary: ctx.t('password-reset-title'), locale: localeOf(ctx) }
      await ctx.core.passwords.open({ userId: ctx.wallet.id, purpose: 'reset', origin: JSON.stringify(origin) })
      await ctx.answerCallbackQuery()
      return askContact(ctx, 'password-reset-ask')
    }
    await services.passwords.ask(ctx, { purpose: action, summary: ctx.t(action === 'set' ? 'password-set-title' : 'password-change-title') })
  })

  router.onButton(buttons.keypad, async (ctx, press) => {
    if (!(await pressedInPrivate(ctx))) return
    const result = await ctx.core.passwords.press({ ...press, userId: ctx.wallet.id })
    const { entry } = result
    const summary = originOf(entry).summary
    switch (result.kind) {
      case 'verified':
        return services.passwords.verified(ctx, entry)
      case 'cancelled':
      case 'expired': {
        const text = ctx.t(result.kind === 'cancelled' ? 'keypad-cancelled' : 'keypad-expired')
        if (!(await services.passwords.restoreCard(ctx, originOf(entry)))) await ctx.editMessageText(text)
        return ctx.answerCallbackQuery({ text, show_alert: result.kind === 'expired' })
      }
      case 'password_set':
      case 'password_changed':
      case 'password_reset': {
        // After a reset: until when, and to what, the daily limit is lowered.
        const { reducedMs, dailyLimitMinor } = services.wallet.passwordReset
        const time = formatTime(new Date(ctx.core.db.clock.now().getTime() + reducedMs), ctx.core.statements.zoneOf(ctx.wallet))
        const text = ctx.t(DONE[result.kind], { time, limit: money(dailyLimitMinor, services.wallet.currency, localeOf(ctx)) })
        await ctx.editMessageText(text)
        return ctx.answerCallbackQuery()
      }
      case 'locked': {
        const text = ctx.t('keypad-locked', { time: formatTime(result.lockedUntil, ctx.core.statements.zoneOf(ctx.wallet)) })
        await ctx.editMessageText(text)
        return ctx.answerCallbackQuery({ text, show_alert: true })
      }
      default: {
        const notice = result.kind === 'wrong' ? ctx.t('keypad-notice-wrong', { tries: result.triesLeft }) : NOTICES[result.kind] ? ctx.t(NOTICES[result.kind]!) : null
        const { text, keyboard } = renderKeypad(ctx.t.bind(ctx), entry, summary, notice)
        await ctx.editMessageText(text, { reply_markup: keyboard })
        return ctx.answerCallbackQuery(result.kind === 'wrong' ? { text: notice!, show_alert: true } : undefined)
      }
    }
  })
}

import type { PressResult } from '../../core/security/password-entry.js'
import { buttons } from '../callback-data.js'
import type { BotServices } from '../context.js'
import { renderKeypad } from '../keypad.js'
import { originOf } from '../password-prompt.js'
import { pressedInPrivate } from '../private-only.js'
import { formatTime } from '../render.js'
import type { Router } from '../router.js'

/** The line a keypad shows about the entry just finished, when it asks for another. */
const NOTICES: Partial<Record<PressResult['kind'], string>> = {
  confirm_new: 'keypad-notice-again',
  mismatch: 'keypad-notice-mismatch',
  too_simple: 'keypad-notice-too-simple',
  old_ok: 'keypad-notice-old-ok',
}

/**
 * The payment password's keypad (支付密码): set or change it from the security center, and
 * every press of every keypad — each edits the one keypad message. What a verified entry
 * unlocks (a payment, a red packet, an unfreeze) is up to the feature that asked for it
 * (services.passwords.onVerified).
 */
export function passwordFeature(router: Router, services: BotServices): void {
  router.onButton(buttons.password, async (ctx, action) => {
    if (!(await pressedInPrivate(ctx))) return
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
        await ctx.editMessageText(ctx.t('keypad-cancelled'))
        return ctx.answerCallbackQuery()
      case 'password_set':
      case 'password_changed':
        await ctx.editMessageText(ctx.t(result.kind === 'password_set' ? 'password-set-done' : 'password-changed-done'))
        return ctx.answerCallbackQuery({ text: ctx.t(result.kind === 'password_set' ? 'password-set-done' : 'password-changed-done') })
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

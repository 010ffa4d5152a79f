import { Keyboard } from 'grammy'
import { buttons } from '../callback-data.js'
import type { BotContext } from '../context.js'
import { renderKeypad } from '../keypad.js'
import { originOf } from '../password-prompt.js'
import { pressedInPrivate } from '../private-only.js'
import type { Router } from '../router.js'

/**
 * Phone verification (手机号) with Telegram's own contact button, and the reset of a forgotten
 * payment password through it: Forgot password opens a reset that waits for the phone; the
 * person shares their contact again; if it is the verified number, the keypad for a new
 * password opens (and lower limits apply for a while). Only a contact whose user id is the
 * sender's own counts: anyone can forward someone else's contact card.
 */
export function phoneFeature(router: Router): void {
  router.onButton(buttons.verifyPhone, async (ctx) => {
    if (!(await pressedInPrivate(ctx))) return
    await ctx.answerCallbackQuery()
    await askContact(ctx, 'phone-ask')
  })

  router.on('message:contact', async (ctx) => {
    if (ctx.chat.type !== 'private') return
    const removeKeyboard = { reply_markup: { remove_keyboard: true as const } }
    if (ctx.msg.contact.user_id !== ctx.from.id) return ctx.reply(ctx.t('error-PHONE_NOT_OWN'), removeKeyboard)
    const reset = await ctx.core.passwords.resumeReset(ctx.wallet.id, ctx.msg.contact.phone_number)
    if (reset) {
      await ctx.reply(ctx.t('password-reset-phone-ok'), removeKeyboard)
      const { text, keyboard } = renderKeypad(ctx.t.bind(ctx), reset, originOf(reset).summary, null)
      await ctx.reply(text, { reply_markup: keyboard })
      return
    }
    const masked = await ctx.core.security.verifyPhone(ctx.wallet.id, ctx.msg.contact.phone_number)
    await ctx.reply(ctx.t('phone-verified', { phone: masked }), removeKeyboard)
  })
}

/** A message with the reply keyboard's "share my phone number" button (Telegram's request_contact). */
export const askContact = (ctx: BotContext, key: string) =>
  ctx.reply(ctx.t(key), { reply_markup: new Keyboard().requestContact(ctx.t('button-share-phone')).resized().oneTime() })

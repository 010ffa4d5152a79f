import { InlineKeyboard, type NextFunction } from 'grammy'
import { startLink } from './callback-data.js'
import type { BotContext } from './context.js'

/**
 * Guards a command whose answer is private (a balance, bills, a claim): in a group it only
 * says where to look, with a button that opens our private chat at the same step (the
 * deep-link payload), so nothing private is ever posted where others read it.
 */
export function privateOnly(payloadOf: (ctx: BotContext) => string = () => 'help') {
  return async (ctx: BotContext, next: NextFunction) => {
    if (ctx.chat?.type === 'private') return next()
    const url = startLink(ctx.me.username, payloadOf(ctx))
    await ctx.reply(ctx.t('private-only'), {
      reply_markup: new InlineKeyboard().url(ctx.t('button-open-wallet'), url),
      reply_parameters: ctx.msg ? { message_id: ctx.msg.message_id, allow_sending_without_reply: true } : undefined,
    })
  }
}

/**
 * For buttons that show or change one person's own wallet (bills, statements, settings,
 * security): they only ever act on the presser's own account, but a press on a message in a
 * group (data forged onto another message) would write the presser's private facts there.
 * Such a press is answered, privately, with where to look, and does nothing else.
 */
export async function pressedInPrivate(ctx: BotContext): Promise<boolean> {
  if (ctx.callbackQuery?.message?.chat.type === 'private') return true
  await ctx.answerCallbackQuery({ text: ctx.personal('private-only'), show_alert: true })
  return false
}

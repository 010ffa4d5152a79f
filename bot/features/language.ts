import { InlineKeyboard } from 'grammy'
import { buttons } from '../callback-data.js'
import { menuCommands } from '../commands.js'
import type { BotContext, BotServices } from '../context.js'
import type { Router } from '../router.js'

const isGroup = (ctx: BotContext) => ctx.chat?.type === 'group' || ctx.chat?.type === 'supergroup'

/** Only a group's own admins choose the language everyone in it reads. */
async function isGroupAdmin(ctx: BotContext): Promise<boolean> {
  const member = await ctx.getChatMember(ctx.from!.id)
  return member.status === 'creator' || member.status === 'administrator'
}

/**
 * `/language`: English or 中文. In private chat it is the person's own (their command menu
 * follows); in a group, one of its admins sets the language of the group's messages, while
 * what each person reads alone (alerts, private messages) stays in their own.
 */
export function languageFeature(router: Router, services: BotServices): void {
  const keyboard = new InlineKeyboard().text('English', buttons.language.pack('en')).text('中文', buttons.language.pack('zh'))

  router.onCommand('language', async (ctx) => {
    if (isGroup(ctx) && !(await isGroupAdmin(ctx))) return ctx.reply(ctx.t('language-group-admins-only'))
    await ctx.reply(ctx.t(isGroup(ctx) ? 'language-choose-group' : 'language-choose'), { reply_markup: keyboard })
  })

  router.onButton(buttons.language, async (ctx, locale) => {
    if (isGroup(ctx)) {
      if (!(await isGroupAdmin(ctx))) return ctx.answerCallbackQuery({ text: ctx.personal('language-group-admins-only'), show_alert: true })
      await services.groups.choose(ctx.chat!.id, locale)
      ctx.chatLocale = locale
      ctx.i18n.useLocale(locale)
      await ctx.editMessageText(ctx.t('language-set-group'))
      return ctx.answerCallbackQuery()
    }
    await ctx.core.users.setLocale(ctx.wallet.id, locale)
    services.users.forget(ctx.from!.id)
    ctx.wallet = { ...ctx.wallet, locale }
    ctx.i18n.useLocale(locale)
    await ctx.editMessageText(ctx.t('language-set'))
    await ctx.answerCallbackQuery()
    if (ctx.chat?.type === 'private') {
      await ctx.api.setMyCommands(menuCommands(services.i18n, locale, false), { scope: { type: 'chat', chat_id: ctx.chat.id } })
    }
  })
}

import { Composer, InlineKeyboard } from 'grammy'
import { setLocale } from '../../core/wallet/users.js'
import { callbackData, callbackPattern } from '../callback-data.js'
import { menuCommands } from '../commands.js'
import type { BotContext, BotServices } from '../context.js'

/** `/language`: English or 中文, stored on the user; the chat's command menu follows. */
export function languageFeature(services: BotServices): Composer<BotContext> {
  const composer = new Composer<BotContext>()

  composer.command('language', (ctx) =>
    ctx.reply(ctx.t('language-choose'), {
      reply_markup: new InlineKeyboard().text('English', callbackData.language('en')).text('中文', callbackData.language('zh')),
    }),
  )

  composer.callbackQuery(callbackPattern.language, async (ctx) => {
    const locale = ctx.match[1] as 'en' | 'zh'
    await setLocale(services.db, ctx.wallet.id, locale)
    services.users.forget(ctx.from.id)
    ctx.wallet = { ...ctx.wallet, locale }
    ctx.i18n.useLocale(locale)
    await ctx.editMessageText(ctx.t('language-set'))
    await ctx.answerCallbackQuery()
    if (ctx.chat?.type === 'private') {
      await ctx.api.setMyCommands(menuCommands(services.i18n, locale, false), { scope: { type: 'chat', chat_id: ctx.chat.id } })
    }
  })

  return composer
}

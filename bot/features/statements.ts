import { InlineKeyboard } from 'grammy'
import { addMonths, isMonth, monthOf, type Month } from '../../core/statements/calendar.js'
import { isEmpty } from '../../core/statements/summary.js'
import { buttons } from '../callback-data.js'
import type { BotContext, BotServices } from '../context.js'
import { localeOf } from '../i18n.js'
import { pressedInPrivate, privateOnly } from '../private-only.js'
import { money } from '../render.js'
import type { Router } from '../router.js'
import { statementMessage } from '../statements/statement-message.js'
import { monthName } from '../statements/statement-view.js'

/**
 * `/statement [YYYY-MM]`: a month's statement on demand (this month so far by default), as a
 * picture with its figures in the caption; `/statement on|off` opts in and out of the one
 * pushed on the 1st. Private chat only: it is all about one person's money.
 */
export function statementsFeature(router: Router, services: BotServices): void {
  router.onCommand('statement', privateOnly(), async (ctx) => {
    const arg = String(ctx.match ?? '').trim().toLowerCase()
    if (arg === 'on' || arg === 'off') return setPushed(ctx, arg === 'on')
    const thisMonth = monthOf(services.core.db.clock.now(), ctx.core.statements.zoneOf(ctx.wallet))
    if (arg === '') return showStatement(ctx, thisMonth)
    if (!isMonth(arg)) return ctx.reply(ctx.t('statement-usage'))
    if (arg > thisMonth) return ctx.reply(ctx.t('statement-future', { month: monthName(arg, localeOf(ctx)) }))
    await showStatement(ctx, arg)
  })

  router.onButton(buttons.statementMonth, async (ctx, month) => {
    if (!(await pressedInPrivate(ctx))) return
    await ctx.answerCallbackQuery()
    await showStatement(ctx, month)
  })

  async function setPushed(ctx: BotContext, enabled: boolean) {
    await ctx.core.users.updateSettings(ctx.wallet.id, { statementsEnabled: enabled })
    services.users.forget(ctx.from!.id)
    await ctx.reply(ctx.t(enabled ? 'statement-on' : 'statement-off', { zone: ctx.core.statements.zoneOf(ctx.wallet) }))
  }
}

async function showStatement(ctx: BotContext, month: Month): Promise<void> {
  const locale = localeOf(ctx)
  const statement = await ctx.core.statements.of(ctx.wallet, month)
  const keyboard = new InlineKeyboard().text(ctx.t('button-statement-previous', { month: monthName(addMonths(month, -1), locale) }), buttons.statementMonth.pack(addMonths(month, -1)))
  if (isEmpty(statement)) {
    await ctx.reply(ctx.t('statement-empty', { month: monthName(month, locale), closing: money(statement.closingMinor, statement.currency, locale) }), { reply_markup: keyboard })
    return
  }
  const message = await statementMessage(statement, (key, vars) => ctx.t(key, vars), locale)
  await ctx.replyWithPhoto(message.photo, { caption: message.caption, reply_markup: keyboard })
}

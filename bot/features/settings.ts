import { InlineKeyboard } from 'grammy'
import { isTimeZone } from '../../core/statements/calendar.js'
import { buttons } from '../callback-data.js'
import type { BotContext, BotServices } from '../context.js'
import { localeOf } from '../i18n.js'
import { pressedInPrivate, privateOnly } from '../private-only.js'
import { esc, formatTime, money } from '../render.js'
import { truncateText } from '../../core/text.js'
import type { Router } from '../router.js'

/** Zones offered as buttons; any other IANA zone can be typed (`/settings tz Europe/Paris`). */
export const OFFERED_ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'UTC']

/**
 * `/settings`: language, time zone (bills, statements and the 09:00 push follow it), the
 * monthly statement and the budget, each with how to change it. Private chat only.
 */
export function settingsFeature(router: Router, services: BotServices): void {
  router.onCommand('settings', privateOnly(), async (ctx) => {
    const [what = '', value = ''] = String(ctx.match ?? '').trim().split(/\s+/)
    if (what.toLowerCase() === 'tz' && value) return chooseZone(ctx, value, false)
    if (what) return ctx.reply(ctx.t('settings-usage'))
    await ctx.reply(settingsText(ctx), { reply_markup: zoneKeyboard() })
  })

  router.onButton(buttons.timeZone, async (ctx, zone) => {
    if (await pressedInPrivate(ctx)) await chooseZone(ctx, zone, true)
  })

  async function chooseZone(ctx: BotContext, zone: string, pressed: boolean) {
    if (!isTimeZone(zone)) {
      const refusal = ctx.t('settings-zone-unknown', { zone: esc(truncateText(zone, 64)) })
      return pressed ? ctx.answerCallbackQuery({ text: refusal, show_alert: true }) : ctx.reply(refusal)
    }
    await ctx.core.users.updateSettings(ctx.wallet.id, { timeZone: zone })
    services.users.forget(ctx.from!.id)
    ctx.wallet = { ...ctx.wallet, timeZone: zone }
    if (!pressed) return ctx.reply(settingsText(ctx))
    await ctx.editMessageText(settingsText(ctx), { reply_markup: zoneKeyboard() })
    await ctx.answerCallbackQuery(ctx.t('settings-zone-set', { zone }))
  }

  function settingsText(ctx: BotContext): string {
    const locale = localeOf(ctx)
    const zone = ctx.core.statements.zoneOf(ctx.wallet)
    const budget = ctx.wallet.monthlyBudgetMinor
    return ctx.t('settings', {
      language: ctx.t(locale === 'zh' ? 'settings-language-zh' : 'settings-language-en'),
      zone,
      now: formatTime(services.core.db.clock.now(), zone),
      statement: ctx.t(ctx.wallet.statementsEnabled ? 'settings-statement-on' : 'settings-statement-off'),
      budget: budget === null ? ctx.t('settings-budget-none') : money(budget, services.wallet.currency, locale),
    })
  }
}

function zoneKeyboard(): InlineKeyboard {
  const keyboard = new InlineKeyboard()
  OFFERED_ZONES.forEach((zone, i) => {
    keyboard.text(zone.replace(/^.*\//, '').replace(/_/g, ' '), buttons.timeZone.pack(zone))
    if (i % 2 === 1) keyboard.row()
  })
  return keyboard
}

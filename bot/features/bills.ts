import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { InputFile } from 'grammy'
import { isMonth, type Month } from '../../core/statements/calendar.js'
import type { HistoryItem } from '../../core/wallet/history.js'
import { writeBillsCsv } from '../bills/bills-csv.js'
import { FIRST_PAGE, filterOf, monthPicker, renderBillDetail, renderBillsPage, thisMonth, zoneOf } from '../bills/bills-page.js'
import { buttons } from '../callback-data.js'
import type { BotContext } from '../context.js'
import { localeOf } from '../i18n.js'
import { pressedInPrivate, privateOnly } from '../private-only.js'
import type { Router } from '../router.js'
import { monthName } from '../statements/statement-view.js'

/** Bills read per query while exporting: a month of any size streams through in pages. */
const EXPORT_PAGE = 500

/**
 * `/bills [YYYY-MM]`: the wallet's journal, newest first, filtered by month, direction and
 * type, each bill's details a press away; `/bills export [YYYY-MM]` sends a month as CSV.
 * Private chat only. The buttons only ever show the presser's own bills (every lookup is in
 * the presser's wallet), so a forged or forwarded press shows nobody else's.
 */
export function billsFeature(router: Router): void {
  router.onCommand('bills', privateOnly(), async (ctx) => {
    const [first = '', second = ''] = String(ctx.match ?? '').trim().split(/\s+/)
    if (first.toLowerCase() === 'export') {
      if (second && !isMonth(second)) return ctx.reply(ctx.t('bills-usage'))
      return exportMonth(ctx, second || thisMonth(ctx))
    }
    if (first && !isMonth(first)) return ctx.reply(ctx.t('bills-usage'))
    const page = await renderBillsPage(ctx, { ...FIRST_PAGE, month: first || null })
    await ctx.reply(page.text, { reply_markup: page.keyboard })
  })

  router.onButton(buttons.billsPage, async (ctx, view) => {
    if (!(await pressedInPrivate(ctx))) return
    const page = await renderBillsPage(ctx, view)
    await ctx.editMessageText(page.text, { reply_markup: page.keyboard })
    await ctx.answerCallbackQuery()
  })

  router.onButton(buttons.billsMonths, async (ctx, view) => {
    if (!(await pressedInPrivate(ctx))) return
    await ctx.editMessageReplyMarkup({ reply_markup: monthPicker(ctx, view) })
    await ctx.answerCallbackQuery()
  })

  router.onButton(buttons.billDetail, async (ctx, { entryId, view }) => {
    if (!(await pressedInPrivate(ctx))) return
    const item = await ctx.core.history.get(ctx.wallet.id, entryId)
    const detail = renderBillDetail(ctx, item, view)
    await ctx.editMessageText(detail.text, { reply_markup: detail.keyboard })
    await ctx.answerCallbackQuery()
  })

  router.onButton(buttons.billsExport, async (ctx, month) => {
    if (!(await pressedInPrivate(ctx))) return
    await ctx.answerCallbackQuery(ctx.t('bills-export-preparing'))
    await exportMonth(ctx, month)
  })
}

/** A month's bills as a CSV document, written to a temporary file and removed once sent. */
async function exportMonth(ctx: BotContext, month: Month): Promise<void> {
  const file = path.join(tmpdir(), `lingqian-bills-${randomBytes(8).toString('hex')}.csv`)
  const t = (key: string, vars?: Record<string, string | number>) => ctx.t(key, vars)
  try {
    const rows = await writeBillsCsv(file, t, zoneOf(ctx), monthPages(ctx, month))
    const name = monthName(month, localeOf(ctx))
    if (rows === 0) return void (await ctx.reply(ctx.t('bills-export-empty', { month: name })))
    await ctx.replyWithDocument(new InputFile(file, `lingqian-bills-${month}.csv`), { caption: ctx.t('bills-export-caption', { month: name, count: rows }) })
  } finally {
    await rm(file, { force: true })
  }
}

async function* monthPages(ctx: BotContext, month: Month): AsyncGenerator<HistoryItem[]> {
  const filter = filterOf(ctx, { month, direction: null, type: null })
  let before: number | null = null
  do {
    const page = await ctx.core.history.list({ userId: ctx.wallet.id, limit: EXPORT_PAGE, beforeEntryId: before, ...filter })
    yield page.items
    before = page.nextCursor
  } while (before !== null)
}

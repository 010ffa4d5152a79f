import { InlineKeyboard } from 'grammy'
import { addMonths, monthOf, monthRange, type Month } from '../../core/statements/calendar.js'
import { BILL_TYPES } from '../../core/wallet/bill-types.js'
import type { BillFilter, HistoryItem } from '../../core/wallet/history.js'
import { buttons, type BillsView } from '../callback-data.js'
import type { BotContext } from '../context.js'
import { localeOf } from '../i18n.js'
import { esc, formatTime, money } from '../render.js'
import { monthName } from '../statements/statement-view.js'
import { counterpartyHtml, kindLabel, TYPE_LABELS } from './bill-labels.js'

export const PAGE_SIZE = 10
/** Months the picker offers, this one included. */
const PICKER_MONTHS = 12

export const FIRST_PAGE: BillsView = { beforeEntryId: 0, page: 1, month: null, direction: null, type: null }

export const zoneOf = (ctx: BotContext) => ctx.core.statements.zoneOf(ctx.wallet)
export const thisMonth = (ctx: BotContext) => monthOf(ctx.core.db.clock.now(), zoneOf(ctx))

/** The query a view stands for: its month as instants in the reader's zone. */
export function filterOf(ctx: BotContext, view: Pick<BillsView, 'month' | 'direction' | 'type'>): BillFilter {
  const range = view.month ? monthRange(view.month, zoneOf(ctx)) : null
  return { from: range?.from, to: range?.to, direction: view.direction, type: view.type }
}

/** A page of bills under its filter, numbered, with the filter, detail and paging buttons. */
export async function renderBillsPage(ctx: BotContext, view: BillsView): Promise<{ text: string; keyboard: InlineKeyboard }> {
  const history = await ctx.core.history.list({ userId: ctx.wallet.id, limit: PAGE_SIZE, beforeEntryId: view.beforeEntryId || null, ...filterOf(ctx, view) })
  const lines = history.items.map((item, i) => `${i + 1}. ${billLine(ctx, item)}`)
  const text = [ctx.t('bills-title', { page: view.page }), filterLine(ctx, view), '', ...(lines.length ? lines : [ctx.t('bills-empty')])].join('\n')
  return { text, keyboard: billsKeyboard(ctx, view, history.items, history.nextCursor) }
}

/** One bill as a line of a list (the person's bills, a merchant's). */
export function billLine(ctx: BotContext, item: HistoryItem): string {
  const locale = localeOf(ctx)
  const t = (key: string, vars?: Record<string, string | number>) => ctx.t(key, vars)
  return (
    ctx.t('bills-line', {
      time: formatTime(item.at, zoneOf(ctx)),
      kind: esc(kindLabel(t, item)),
      counterparty: counterpartyHtml(t, item),
      amount: (item.amountMinor > 0n ? '+' : '') + money(item.amountMinor, item.currency, locale),
      balance: money(item.balanceAfterMinor, item.currency, locale),
    }) + (item.memo ? ` · ${esc(item.memo)}` : '')
  )
}

function filterLine(ctx: BotContext, view: BillsView): string {
  return ctx.t('bills-filter', {
    month: view.month ? monthName(view.month, localeOf(ctx)) : ctx.t('bills-month-all'),
    direction: ctx.t(view.direction === 'in' ? 'bills-in' : view.direction === 'out' ? 'bills-out' : 'bills-both'),
    type: ctx.t(view.type ? TYPE_LABELS[view.type] : 'bills-type-all'),
  })
}

/** Changing a filter starts again at the newest page. */
const refiltered = (view: BillsView, change: Partial<BillsView>): BillsView => ({ ...view, ...change, beforeEntryId: 0, page: 1 })
const mark = (active: boolean, label: string) => (active ? `✓ ${label}` : label)

function billsKeyboard(ctx: BotContext, view: BillsView, items: HistoryItem[], nextCursor: number | null): InlineKeyboard {
  const current = thisMonth(ctx)
  const last = addMonths(current, -1)
  const keyboard = new InlineKeyboard()
  const filterButton = (active: boolean, key: string, change: Partial<BillsView>) => keyboard.text(mark(active, ctx.t(key)), buttons.billsPage.pack(refiltered(view, change)))
  filterButton(view.month === current, 'bills-month-this', { month: current })
  filterButton(view.month === last, 'bills-month-last', { month: last })
  keyboard.text(mark(view.month !== null && view.month !== current && view.month !== last, ctx.t('bills-month-pick')), buttons.billsMonths.pack(view))
  filterButton(view.month === null, 'bills-month-all', { month: null }).row()
  filterButton(view.direction === 'in', 'bills-in', { direction: 'in' })
  filterButton(view.direction === 'out', 'bills-out', { direction: 'out' })
  filterButton(view.direction === null, 'bills-both', { direction: null }).row()
  for (const type of BILL_TYPES) filterButton(view.type === type, TYPE_LABELS[type], { type })
  filterButton(view.type === null, 'bills-type-all', { type: null }).row()
  items.forEach((item, i) => {
    keyboard.text(String(i + 1), buttons.billDetail.pack({ entryId: item.entryId, view }))
    if (i % 5 === 4 || i === items.length - 1) keyboard.row()
  })
  if (view.page > 1) keyboard.text(ctx.t('button-newest'), buttons.billsPage.pack({ ...view, beforeEntryId: 0, page: 1 }))
  if (nextCursor) keyboard.text(ctx.t('button-older'), buttons.billsPage.pack({ ...view, beforeEntryId: nextCursor, page: view.page + 1 }))
  return keyboard.row().text(ctx.t('button-bills-export'), buttons.billsExport.pack(view.month ?? current))
}

/** The month picker: the last twelve months, and back to the list as it was. */
export function monthPicker(ctx: BotContext, view: BillsView): InlineKeyboard {
  const keyboard = new InlineKeyboard()
  const current = thisMonth(ctx)
  for (let i = 0; i < PICKER_MONTHS; i++) {
    const month: Month = addMonths(current, -i)
    keyboard.text(mark(view.month === month, monthName(month, localeOf(ctx))), buttons.billsPage.pack(refiltered(view, { month })))
    if (i % 3 === 2) keyboard.row()
  }
  return keyboard.text(ctx.t('button-bills-back'), buttons.billsPage.pack(view))
}

/** One bill in full (账单详情), with the way back to the list it was opened from. */
export function renderBillDetail(ctx: BotContext, item: HistoryItem, view: BillsView): { text: string; keyboard: InlineKeyboard } {
  const locale = localeOf(ctx)
  const t = (key: string, vars?: Record<string, string | number>) => ctx.t(key, vars)
  const zone = zoneOf(ctx)
  const text = ctx.t('bill-detail', {
    kind: esc(kindLabel(t, item)),
    counterparty: counterpartyHtml(t, item),
    amount: (item.amountMinor > 0n ? '+' : '') + money(item.amountMinor, item.currency, locale),
    time: formatTime(item.at, zone),
    zone,
    balance: money(item.balanceAfterMinor, item.currency, locale),
    memo: item.memo ? esc(item.memo) : ctx.t('bill-detail-no-memo'),
    ref: String(item.postingId),
  })
  // A withdrawal's bill is amount and fee together: the fee is said on its own line.
  const feeMinor = item.counterparty.bankCard?.feeMinor ?? 0n
  const fee = feeMinor > 0n ? `\n${ctx.t('bill-detail-fee', { fee: money(feeMinor, item.currency, locale) })}` : ''
  return { text: text + fee, keyboard: new InlineKeyboard().text(ctx.t('button-bills-back'), buttons.billsPage.pack(view)) }
}

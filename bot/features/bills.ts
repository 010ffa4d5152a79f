import { InlineKeyboard } from 'grammy'
import { type HistoryItem } from '../../core/wallet/history.js'
import { buttons } from '../callback-data.js'
import type { BotContext } from '../context.js'
import type { Router } from '../router.js'
import { localeOf } from '../i18n.js'
import { privateOnly } from '../private-only.js'
import { esc, formatTime, money } from '../render.js'

const PAGE_SIZE = 10

/** `/bills`: the wallet's journal, newest first, ten to a page, in private chat only. */
export function billsFeature(router: Router): void {
  
  router.onCommand('bills', privateOnly(), async (ctx) => {
    const page = await renderPage(ctx, 0, 1)
    await ctx.reply(page.text, { reply_markup: page.keyboard })
  })

  // The buttons only ever show the presser's own bills, so they need no owner binding.
  router.onButton(buttons.billsPage, async (ctx, { beforeEntryId, page: pageNumber }) => {
    const page = await renderPage(ctx, beforeEntryId, pageNumber)
    await ctx.editMessageText(page.text, { reply_markup: page.keyboard })
    await ctx.answerCallbackQuery()
  })

  async function renderPage(ctx: BotContext, beforeEntryId: number, page: number) {
    const history = await ctx.core.history.list({ userId: ctx.wallet.id, limit: PAGE_SIZE, beforeEntryId: beforeEntryId || null })
    const locale = localeOf(ctx)
    const lines = history.items.map((item) =>
      ctx.t('bills-line', {
        time: formatTime(item.at, locale),
        kind: kindLabel(ctx, item),
        counterparty: counterpartyLabel(ctx, item),
        amount: (item.amountMinor > 0n ? '+' : '') + money(item.amountMinor, item.currency, locale),
        balance: money(item.balanceAfterMinor, item.currency, locale),
      }) + (item.memo ? ` · ${esc(item.memo)}` : ''),
    )
    const keyboard = new InlineKeyboard()
    if (page > 1) keyboard.text(ctx.t('button-newest'), buttons.billsPage.pack({ beforeEntryId: 0, page: 1 }))
    if (history.nextCursor) keyboard.text(ctx.t('button-older'), buttons.billsPage.pack({ beforeEntryId: history.nextCursor, page: page + 1 }))
    return {
      text: [ctx.t('bills-title', { page }), ...(lines.length ? lines : [ctx.t('bills-empty')])].join('\n'),
      keyboard,
    }
  }
}

/** A bill's type, from the posting kind and the direction of the money. */
function kindLabel(ctx: BotContext, item: HistoryItem): string {
  switch (item.kind) {
    case 'topup':
      return ctx.t('kind-topup')
    case 'transfer':
      return ctx.t(item.amountMinor < 0n ? 'kind-transfer-out' : 'kind-transfer-in')
    case 'claim_hold':
      return ctx.t('kind-claim-hold')
    case 'claim_release':
      return ctx.t('kind-claim-release')
    case 'claim_return':
      return ctx.t('kind-claim-return')
    case 'red_packet_hold':
      return ctx.t('kind-red-packet-hold')
    case 'red_packet_grab':
      return ctx.t('kind-red-packet-grab')
    case 'red_packet_refund':
      return ctx.t('kind-red-packet-refund')
    default:
      return ctx.t('kind-other', { kind: esc(item.kind) })
  }
}

function counterpartyLabel(ctx: BotContext, item: HistoryItem): string {
  const { counterparty } = item
  if (counterparty.userId !== null) return counterparty.username ? `@${esc(counterparty.username)}` : esc(counterparty.firstName ?? '')
  if (counterparty.accountKind === 'claim_escrow') return ctx.t('counterparty-claim')
  if (counterparty.accountKind === 'red_packet_escrow') return ctx.t('counterparty-red-packet')
  return ctx.t('counterparty-system')
}

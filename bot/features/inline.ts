import { InlineKeyboard } from 'grammy'
import type { InlineQueryResultArticle } from 'grammy/types'
import { isDomainError } from '../../core/errors.js'
import { parseAmount } from '../../core/money/index.js'
import { noticeKeys } from '../../core/common/keys.js'
import { buttons } from '../callback-data.js'
import type { BotContext, BotServices } from '../context.js'
import type { Router } from '../router.js'
import { localeFor, localeOf } from '../i18n.js'
import { esc, money, personLabel } from '../render.js'
import { editQuietly } from './send.js'

/**
 * Inline mode: `@bot 12.5 thanks` in any chat offers a card; the message it places has a
 * Receive button, and the first other person to press it gets the money, debited from the
 * sender at that moment. The sender can cancel until then.
 */
export function inlineFeature(router: Router, services: BotServices): void {
  const { wallet: config } = services
  type Translate = BotContext['t']
  const memoLine = (t: Translate, memo: string | null) => (memo ? `\n${t('memo-line', { memo: esc(memo) })}` : '')

  router.on('inline_query', async (ctx) => {
    const query = ctx.inlineQuery.query.trim()
    if (!query) {
      return ctx.answerInlineQuery([], { cache_time: 0, is_personal: true, button: { text: ctx.t('inline-usage-title'), start_parameter: 'help' } })
    }
    const [amountText = '', ...memoWords] = query.split(/\s+/)
    const amountMinor = parseAmount(amountText, { currency: config.currency, maxMinor: config.maxPaymentMinor })
    const offer = await ctx.core.offers.create({ senderUserId: ctx.wallet.id, amountMinor, memo: memoWords.join(' ') })
    const amount = money(offer.amountMinor, offer.currency, localeOf(ctx))
    const result: InlineQueryResultArticle = {
      type: 'article',
      id: offer.token,
      title: ctx.t('inline-title', { amount }),
      description: (offer.memo ? `${offer.memo} — ` : '') + ctx.t('inline-description'),
      input_message_content: {
        message_text: ctx.t('inline-card', { from: personLabel(ctx.wallet), amount }) + memoLine(ctx.t, offer.memo),
        parse_mode: 'HTML',
      },
      reply_markup: new InlineKeyboard()
        .text(ctx.t('button-receive'), buttons.receiveOffer.pack(offer.token))
        .text(ctx.t('button-cancel'), buttons.cancelOffer.pack(offer.token)),
    }
    await ctx.answerInlineQuery([result], { cache_time: 0, is_personal: true })
  })

  router.on('chosen_inline_result', async (ctx) => {
    const { result_id: token, inline_message_id: inlineMessageId } = ctx.chosenInlineResult
    if (inlineMessageId) await ctx.core.offers.place(token, inlineMessageId)
  })

  router.onButton(buttons.receiveOffer, async (ctx, token) => {
    let result: Awaited<ReturnType<typeof ctx.core.offers.receive>>
    try {
      result = await ctx.core.offers.receive(token, ctx.wallet.id)
    } catch (error) {
      if (isDomainError(error, 'OFFER_EXPIRED')) await editQuietly(ctx, ctx.t('inline-expired'))
      throw error
    }
    const { offer, receipt, alreadyDone } = result
    const sender = await ctx.core.users.get(offer.senderUserId)
    // The placed card stays in its author's language: an inline message's chat is unknown
    // to the bot, and whoever happens to press first should not re-word it for everyone.
    const cardLocale = localeFor(sender)
    const cardT: Translate = (key, vars) => services.i18n.t(cardLocale, key, vars)
    const cardAmount = money(receipt.amountMinor, receipt.currency, cardLocale)
    await editQuietly(ctx, cardT('inline-received', { to: personLabel(ctx.wallet), from: personLabel(sender), amount: cardAmount }) + memoLine(cardT, offer.memo))
    const amount = money(receipt.amountMinor, receipt.currency, localeOf(ctx))
    await ctx.answerCallbackQuery({ text: alreadyDone ? ctx.t('claim-already-yours') : ctx.t('inline-you-received', { amount }), show_alert: !alreadyDone })
    await services.outbox.deliver([noticeKeys.offerAccepted(offer.id)])
  })

  router.onButton(buttons.cancelOffer, async (ctx, token) => {
    const offer = await ctx.core.offers.cancel(token, ctx.wallet.id)
    const text = ctx.t('inline-cancelled', { from: personLabel(ctx.wallet), amount: money(offer.amountMinor, offer.currency, localeOf(ctx)) })
    await editQuietly(ctx, text)
    await ctx.answerCallbackQuery()
  })
}

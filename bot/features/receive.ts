import { InputFile } from 'grammy'
import { parseAmount } from '../../core/money/index.js'
import type { ReceiveCode } from '../../core/qr/receive-codes.js'
import { startPayload, startLink } from '../callback-data.js'
import { parsePaymentArgs } from '../command-args.js'
import type { BotContext, BotServices } from '../context.js'
import { localeOf } from '../i18n.js'
import { privateOnly } from '../private-only.js'
import { renderReceiveCodePicture } from '../qr/receive-code-picture.js'
import { showCodeCard } from '../receive-code-flow.js'
import { displayName, esc, formatTime, money } from '../render.js'
import type { Router } from '../router.js'

const LOOKS_LIKE_AMOUNT = /^\s*[¥￥]?\s*\d[\d,.]*\s*元?\s*$/

/**
 * Receive codes (收款码). `/receive` sends the owner's personal code as a green card (the
 * payer types the amount), `/receive <amount> [note]` a code for that amount (it expires),
 * `/receive reset` replaces the personal code (links to the old one then say so). The QR
 * is the link `t.me/<bot>?start=rc_<token>`: a phone camera opens the bot on a confirmation
 * card made from the code's row (receive-code-flow.ts), paid like any transfer.
 */
export function receiveFeature(router: Router, services: BotServices): void {
  const { wallet: config } = services

  router.onCommand('receive', privateOnly(() => 'help'), async (ctx) => {
    const args = parsePaymentArgs(ctx.msg.text, ctx.msg.entities)
    const reset = args.amountText?.toLowerCase() === 'reset' && !args.memo
    const code = reset
      ? await ctx.core.receiveCodes.resetPersonal(ctx.wallet.id)
      : args.amountText
        ? await ctx.core.receiveCodes.fixed({ ownerUserId: ctx.wallet.id, amountMinor: parseAmount(args.amountText, { currency: config.currency, maxMinor: config.maxPaymentMinor }), memo: args.memo })
        : await ctx.core.receiveCodes.personal(ctx.wallet.id)
    await sendCode(ctx, code, reset)
  })

  /**
   * A typed amount pays the open-amount code its sender was just asked about. Only what looks
   * like an amount (digits, with ¥ or 元 perhaps): other text is not trapped by the prompt, and
   * a malformed amount such as 12.345 still gets the amount's own refusal.
   */
  router.on('message:text', async (ctx, next) => {
    if (ctx.chat.type !== 'private' || !LOOKS_LIKE_AMOUNT.test(ctx.msg.text)) return next()
    const token = await ctx.core.receiveCodes.askedAmountFor(ctx.wallet.id)
    if (!token) return next()
    const amountMinor = parseAmount(ctx.msg.text.trim(), { currency: config.currency, maxMinor: config.maxPaymentMinor })
    await showCodeCard(ctx, token, amountMinor)
  })

  async function sendCode(ctx: BotContext, code: ReceiveCode, reset: boolean) {
    const locale = localeOf(ctx)
    const link = startLink(ctx.me.username, startPayload.receiveCode.pack(code.token))
    const amount = code.amountMinor === null ? null : money(code.amountMinor, code.currency, locale)
    const zone = ctx.core.statements.zoneOf(ctx.wallet)
    const details = [
      ...(code.memo ? [ctx.t('receive-picture-memo', { memo: code.memo })] : []),
      ...(code.expiresAt ? [ctx.t('receive-picture-expires', { time: formatTime(code.expiresAt, zone) })] : []),
    ]
    const name = ctx.wallet.username ? `${displayName(ctx.wallet.firstName)} (@${ctx.wallet.username})` : displayName(ctx.wallet.firstName)
    const picture = await renderReceiveCodePicture({ link, title: ctx.t('receive-picture-title'), payee: name, amount, caption: ctx.t('receive-picture-caption'), details })
    const caption = amount
      ? ctx.t('receive-fixed-caption', { amount, time: formatTime(code.expiresAt!, zone), link })
      : ctx.t(reset ? 'receive-reset-caption' : 'receive-personal-caption', { link })
    await ctx.replyWithPhoto(new InputFile(picture.png, 'lingqian-receive-code.png'), { caption: code.memo ? `${caption}\n${ctx.t('memo-line', { memo: esc(code.memo) })}` : caption })
  }
}

import { InlineKeyboard } from 'grammy'
import type { Message } from 'grammy/types'
import { isDomainError } from '../../core/errors.js'
import { truncateText } from '../../core/text.js'
import { buttons, startPayload, type ScannedCode } from '../callback-data.js'
import type { BotContext, BotServices } from '../context.js'
import { localeOf } from '../i18n.js'
import type { DecodeOutcome } from '../qr/qr-decoder.js'
import { openOrder, openReceiveCode } from '../receive-code-flow.js'
import { displayName, esc, money } from '../render.js'
import type { Router } from '../router.js'

/** How much of a QR code that is not ours is shown back (its text, never opened). */
const FOREIGN_TEXT_SHOWN = 300
const ANSWER_KEYS: Partial<Record<DecodeOutcome['kind'], string>> = {
  none: 'scan-none',
  too_large: 'scan-too-large',
  not_an_image: 'scan-not-an-image',
  busy: 'scan-busy',
  timeout: 'scan-failed',
  failed: 'scan-failed',
}

/**
 * 扫一扫 from a photo: a photo, or an image sent as a file, in our private chat is read for QR
 * codes (bot/qr/qr-decoder.ts, off the main thread, with size and time limits). Our own
 * codes open their flow as the camera would; several let the person pick; a code that is
 * not ours is shown as text and never opened.
 */
export function scanFeature(router: Router, services: BotServices): void {
  const { qr } = services

  router.on(['message:photo', 'message:document'], async (ctx, next) => {
    const file = imageFileOf(ctx.msg)
    if (ctx.chat.type !== 'private' || !file) return next()
    if (file.size > qr.decoder.limits.maxBytes) return ctx.reply(ctx.t('scan-too-large'))
    const bytes = await qr.download(file.fileId, qr.decoder.limits.maxBytes)
    const outcome = bytes === 'too_large' ? ({ kind: 'too_large' } as const) : await qr.decoder.decode(bytes)
    if (outcome.kind !== 'codes') return ctx.reply(ctx.t(ANSWER_KEYS[outcome.kind]!))
    const ours = uniqueCodes(outcome.texts.map((text) => ourCode(ctx, text)))
    if (ours.length === 1) return openScanned(ctx, ours[0]!)
    if (ours.length > 1) return offerChoice(ctx, ours)
    const shown = truncateText(outcome.texts[0]!, FOREIGN_TEXT_SHOWN)
    await ctx.reply(ctx.t('scan-foreign', { text: esc(shown) }), { link_preview_options: { is_disabled: true } })
  })

  router.onButton(buttons.scanPick, async (ctx, scanned) => {
    await ctx.answerCallbackQuery()
    await openScanned(ctx, scanned)
  })
}

/** The largest photo size, or a document that says it is a PNG or JPEG image. */
function imageFileOf(msg: Message): { fileId: string; size: number } | undefined {
  const photo = msg.photo?.at(-1)
  if (photo) return { fileId: photo.file_id, size: photo.file_size ?? 0 }
  const document = msg.document
  if (document && /^image\/(png|jpeg)$/.test(document.mime_type ?? '')) return { fileId: document.file_id, size: document.file_size ?? 0 }
  return undefined
}

const openScanned = (ctx: BotContext, scanned: ScannedCode) => (scanned.kind === 'order' ? openOrder(ctx, scanned.token) : openReceiveCode(ctx, scanned.token))

function uniqueCodes(found: Array<ScannedCode | undefined>): ScannedCode[] {
  const seen = new Map<string, ScannedCode>()
  for (const code of found) if (code) seen.set(`${code.kind}:${code.token}`, code)
  return [...seen.values()]
}

/** The code when the text is one of this bot's links (`t.me/<bot>?start=rc_…` or `od_…`). */
function ourCode(ctx: BotContext, text: string): ScannedCode | undefined {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return undefined
  }
  const host = url.hostname.toLowerCase()
  if (url.protocol !== 'https:' || (host !== 't.me' && host !== 'telegram.me')) return undefined
  if (url.pathname.replace(/^\//, '').toLowerCase() !== ctx.me.username.toLowerCase()) return undefined
  const payload = url.searchParams.get('start') ?? ''
  const code = startPayload.receiveCode.unpack(payload)
  if (code) return { kind: 'code', token: code }
  const order = startPayload.order.unpack(payload)
  return order ? { kind: 'order', token: order } : undefined
}

/** Several of our codes in one photo: a button for each that can still be paid, named by its payee. */
async function offerChoice(ctx: BotContext, codes: ScannedCode[]): Promise<void> {
  const keyboard = new InlineKeyboard()
  for (const scanned of codes) {
    try {
      keyboard.text(await choiceLabel(ctx, scanned), buttons.scanPick.pack(scanned)).row()
    } catch (error) {
      if (!isDomainError(error)) throw error // a paid, reset, expired or own code is left out
    }
  }
  await ctx.reply(ctx.t(keyboard.inline_keyboard.length ? 'scan-pick' : 'scan-none-payable'), { reply_markup: keyboard })
}

/** Who a scanned code pays, and how much when it is fixed: `@bobby · ¥7.00`, `Lucky Noodles · ¥25.00`. */
async function choiceLabel(ctx: BotContext, scanned: ScannedCode): Promise<string> {
  const amount = (amountMinor: bigint | null, currency: string) => (amountMinor === null ? '' : ` · ${money(amountMinor, currency, localeOf(ctx))}`)
  if (scanned.kind === 'order') {
    const { order, merchant } = await ctx.core.merchants.payableOrder(scanned.token, ctx.wallet.id)
    return `${merchant.name}${amount(order.amountMinor, order.currency)}`
  }
  const code = await ctx.core.receiveCodes.open(scanned.token, ctx.wallet.id)
  const merchant = code.merchantId === null ? undefined : await ctx.core.merchants.of(code.ownerUserId)
  const payee = await ctx.core.users.get(code.ownerUserId)
  const name = merchant?.name ?? (payee.username ? `@${payee.username}` : displayName(payee.firstName))
  return `${name}${amount(code.amountMinor, code.currency)}`
}

import { InputFile } from 'grammy'
import type { Message } from 'grammy/types'
import { MAX_KEY_PEM_CHARS } from '../../core/merchant-api/credentials.js'
import type { BotContext, BotServices } from '../context.js'
import { esc } from '../render.js'
import type { Router } from '../router.js'

/*
 * The merchant API from the owner's chat. The owner sends the merchant's API key — a PEM
 * pasted as text or a .pem / .crt file: an X.509 certificate or an RSA public key, never the
 * private key — and gets back what a shop's SDK is configured with: mchid, appid, the serial
 * its key goes by, the APIv3 key (shown once), and the platform's public key and certificate
 * as a file. `/merchant api` shows the merchant's API access; `/merchant api revoke <serial>`
 * revokes a key; `/merchant resend <no.>` sends a given-up notification again.
 */
export function merchantApiFeature(router: Router, services: BotServices): void {
  router.on('message:text', async (ctx, next) => {
    if (ctx.chat.type !== 'private' || !ctx.msg.text.trimStart().startsWith('-----BEGIN')) return next()
    // A private key sent by mistake does not stay in the chat (the core refuses it, saying why).
    if (ctx.msg.text.includes('PRIVATE KEY')) await ctx.deleteMessage().catch((error) => ctx.log.warn({ err: error }, 'could not delete a pasted private key'))
    await register(ctx, ctx.msg.text)
  })

  router.on('message:document', async (ctx, next) => {
    const document = keyFileOf(ctx.msg)
    if (ctx.chat.type !== 'private' || !document) return next()
    const bytes = await services.qr.download(document.file_id, MAX_KEY_PEM_CHARS)
    if (bytes === 'too_large') return ctx.reply(ctx.t('merchant-api-key-too-large'))
    await register(ctx, Buffer.from(bytes).toString('utf8'))
  })
}

/** `/merchant api [revoke <serial>]`. */
export async function merchantApiCommand(ctx: BotContext, words: string[]): Promise<void> {
  if (words[0]?.toLowerCase() === 'revoke' && words[1]) {
    await ctx.core.merchantApi.revokeKey({ ownerUserId: ctx.wallet.id, serialNo: words[1] })
    await ctx.reply(ctx.t('merchant-api-revoked', { serial: esc(words[1].toUpperCase()) }))
    return
  }
  const access = await ctx.core.merchantApi.access(ctx.wallet.id)
  if (!access) {
    await ctx.reply(ctx.t('merchant-api-how'))
    return
  }
  const platform = await ctx.core.merchantApi.platformKey()
  await ctx.reply(
    ctx.t('merchant-api-status', { mchid: access.mchid, appid: access.appid, serials: access.serials.map((serial) => `<code>${serial}</code>`).join(', ') || '—', platformKeyId: platform.publicKeyId, platformSerial: platform.serialNo }),
  )
}

/** `/merchant resend <notification no.>`: a notification given up after its last retry starts over. */
export async function resendCommand(ctx: BotContext, number: string | undefined): Promise<void> {
  if (!/^\d{1,9}$/.test(number ?? '')) {
    await ctx.reply(ctx.t('merchant-api-resend-usage'))
    return
  }
  const { notification, resent } = await ctx.core.merchantApi.resendNotification(ctx.wallet.id, Number(number))
  await ctx.reply(ctx.t(resent ? 'merchant-api-resent' : 'merchant-api-resend-not-failed', { number: notification.id }))
}

async function register(ctx: BotContext, pem: string): Promise<void> {
  const issued = await ctx.core.merchantApi.registerKey({ ownerUserId: ctx.wallet.id, keyPem: pem })
  const platform = await ctx.core.merchantApi.platformKey()
  const vars = { mchid: issued.mchid, appid: issued.appid, serial: issued.merchantSerialNo, platformKeyId: platform.publicKeyId, platformSerial: platform.serialNo }
  if (issued.apiV3Key) await ctx.reply(ctx.t('merchant-api-issued', { ...vars, apiV3Key: issued.apiV3Key }))
  else await ctx.reply(ctx.t('merchant-api-rotated', vars))
  await ctx.replyWithDocument(new InputFile(Buffer.from(platform.publicKeyPem + platform.certificatePem), 'lingqian_platform.pem'), { caption: ctx.t('merchant-api-platform-file') })
}

/** A file that says it is a key or certificate (by its name or type). */
function keyFileOf(msg: Message): { file_id: string } | undefined {
  const document = msg.document
  if (!document) return undefined
  const named = /\.(pem|crt|cer|pub)$/i.test(document.file_name ?? '')
  const typed = /^application\/(x-pem-file|x-x509-ca-cert|pkix-cert)$/.test(document.mime_type ?? '')
  return named || typed ? document : undefined
}

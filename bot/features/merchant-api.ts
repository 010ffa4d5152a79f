import { InputFile } from 'grammy'
import type { Message } from 'grammy/types'
import { apiKeyDigest, MAX_KEY_PEM_CHARS, type SerialMode } from '../../core/merchant-api/credentials.js'
import { normalizeSerial } from '../../core/merchant-api/wire-crypto.js'
import { DomainError } from '../../core/errors.js'
import { entryTargets } from '../../core/security/password-entry.js'
import type { BotContext, BotServices } from '../context.js'
import { esc } from '../render.js'
import type { Router } from '../router.js'

/*
 * The merchant API from the owner's chat. The owner sends the merchant's API key — a PEM
 * pasted as text or a .pem / .crt file: an X.509 certificate or an RSA public key, never the
 * private key — gives the payment password for it on the keypad (a key lets a shop's server
 * refund, which the owner does in the bot only with the password), and gets back what a
 * shop's SDK is configured with: mchid, appid, the serial its key goes by, the APIv3 key
 * (shown once), and the platform's public key and certificate as a file. `/merchant api`
 * shows the merchant's API access; `/merchant api revoke <serial>` revokes a key (with the
 * password too); `/merchant api mode public-key|certificate` picks how answers name the
 * platform key (as the shop's SDK is configured); `/merchant api reset-key` makes a new APIv3
 * key (with the password: the one shown once was lost, or leaked); `/merchant resend <no.>`
 * sends a given-up notification again.
 */

/** What a verified api_key entry does: register this PEM, revoke this serial, or make a new APIv3 key. */
type KeyChange = { register: string } | { revoke: string } | { resetApiV3Key: true }

export function merchantApiFeature(router: Router, services: BotServices): void {
  router.on('message:text', async (ctx, next) => {
    if (ctx.chat.type !== 'private' || !ctx.msg.text.trimStart().startsWith('-----BEGIN')) return next()
    // A private key sent by mistake does not stay in the chat (the core refuses it, saying why).
    if (ctx.msg.text.includes('PRIVATE KEY')) await ctx.deleteMessage().catch((error) => ctx.log.warn({ err: error }, 'could not delete a pasted private key'))
    await askToRegister(ctx, services, ctx.msg.text)
  })

  router.on('message:document', async (ctx, next) => {
    const document = keyFileOf(ctx.msg)
    if (ctx.chat.type !== 'private' || !document) return next()
    const bytes = await services.qr.download(document.file_id, MAX_KEY_PEM_CHARS)
    if (bytes === 'too_large') return ctx.reply(ctx.t('merchant-api-key-too-large'))
    await askToRegister(ctx, services, Buffer.from(bytes).toString('utf8'))
  })

  services.passwords.onVerified('api_key', async (ctx, _entry, origin) => {
    const change = JSON.parse(origin.payload!) as KeyChange
    if ('register' in change) await register(ctx, change.register)
    else if ('revoke' in change) await revoke(ctx, change.revoke)
    else await ctx.editMessageText(ctx.t('merchant-api-key-reset', { apiV3Key: await ctx.core.merchantApi.resetApiV3Key({ ownerUserId: ctx.wallet.id, by: 'owner' }) }))
    await ctx.answerCallbackQuery()
  })
}

const SERIAL_MODES: Record<string, SerialMode> = { 'public-key': 'public_key', public_key: 'public_key', certificate: 'certificate' }

/** `/merchant api [revoke <serial> | mode public-key|certificate | reset-key]`. */
export async function merchantApiCommand(ctx: BotContext, services: BotServices, words: string[]): Promise<void> {
  if (words[0]?.toLowerCase() === 'reset-key') {
    if (!(await ctx.core.merchantApi.access(ctx.wallet.id))) return void (await ctx.reply(ctx.t('merchant-api-how'))) // nothing to reset yet: how to start
    const change: KeyChange = { resetApiV3Key: true }
    await services.passwords.ask(ctx, { purpose: 'api_key', target: entryTargets.apiV3KeyReset(), summary: ctx.personal('merchant-api-password-reset-key'), payload: JSON.stringify(change) })
    return
  }
  if (words[0]?.toLowerCase() === 'mode') {
    const mode = SERIAL_MODES[words[1]?.toLowerCase() ?? '']
    if (!mode) return void (await ctx.reply(ctx.t('merchant-api-mode-usage')))
    await ctx.core.merchantApi.setSerialMode(ctx.wallet.id, mode)
    await ctx.reply(ctx.t(mode === 'public_key' ? 'merchant-api-mode-public-key' : 'merchant-api-mode-certificate'))
    return
  }
  if (words[0]?.toLowerCase() === 'revoke' && words[1]) {
    const serialNo = normalizeSerial(words[1])
    // Refused before the keypad when there is nothing to revoke.
    if (!(await ctx.core.merchantApi.access(ctx.wallet.id))?.serials.includes(serialNo)) throw new DomainError('API_KEY_NOT_FOUND')
    const change: KeyChange = { revoke: serialNo }
    const summary = ctx.personal('merchant-api-password-revoke', { serial: esc(serialNo) })
    await services.passwords.ask(ctx, { purpose: 'api_key', target: entryTargets.apiKeyRevoke(serialNo), summary, payload: JSON.stringify(change) })
    return
  }
  const access = await ctx.core.merchantApi.access(ctx.wallet.id)
  if (!access) {
    await ctx.reply(ctx.t('merchant-api-how'))
    return
  }
  const platform = await ctx.core.merchantApi.platformKey()
  const serials = access.serials.map((serial) => `<code>${serial}</code>`).join(', ') || '—'
  const mode = ctx.t(access.serialMode === 'public_key' ? 'merchant-api-mode-name-public-key' : 'merchant-api-mode-name-certificate')
  await ctx.reply(ctx.t('merchant-api-status', { mchid: access.mchid, appid: access.appid, serials, platformKeyId: platform.publicKeyId, platformSerial: platform.serialNo, mode }))
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

/** A PEM that could be registered (refused now if not): the keypad asks for the password for exactly this key. */
async function askToRegister(ctx: BotContext, services: BotServices, pem: string): Promise<void> {
  await ctx.core.merchantApi.checkKey({ ownerUserId: ctx.wallet.id, keyPem: pem })
  const change: KeyChange = { register: pem }
  await services.passwords.ask(ctx, { purpose: 'api_key', target: entryTargets.apiKey(apiKeyDigest(pem)), summary: ctx.personal('merchant-api-password-register'), payload: JSON.stringify(change) })
}

/** The password was given: the keypad becomes the credentials, and the platform's key and certificate follow as a file. */
async function register(ctx: BotContext, pem: string): Promise<void> {
  const issued = await ctx.core.merchantApi.registerKey({ ownerUserId: ctx.wallet.id, keyPem: pem, by: 'owner' })
  const platform = await ctx.core.merchantApi.platformKey()
  const vars = { mchid: issued.mchid, appid: issued.appid, serial: issued.merchantSerialNo, platformKeyId: platform.publicKeyId, platformSerial: platform.serialNo }
  await ctx.editMessageText(issued.apiV3Key ? ctx.t('merchant-api-issued', { ...vars, apiV3Key: issued.apiV3Key }) : ctx.t('merchant-api-rotated', vars))
  await ctx.replyWithDocument(new InputFile(Buffer.from(platform.publicKeyPem + platform.certificatePem), 'lingqian_platform.pem'), { caption: ctx.t('merchant-api-platform-file') })
}

async function revoke(ctx: BotContext, serialNo: string): Promise<void> {
  await ctx.core.merchantApi.revokeKey({ ownerUserId: ctx.wallet.id, serialNo, by: 'owner' })
  await ctx.editMessageText(ctx.t('merchant-api-revoked', { serial: esc(serialNo) }))
}

/** A file that says it is a key or certificate (by its name or type). */
function keyFileOf(msg: Message): { file_id: string } | undefined {
  const document = msg.document
  if (!document) return undefined
  const named = /\.(pem|crt|cer|pub)$/i.test(document.file_name ?? '')
  const typed = /^application\/(x-pem-file|x-x509-ca-cert|pkix-cert)$/.test(document.mime_type ?? '')
  return named || typed ? document : undefined
}

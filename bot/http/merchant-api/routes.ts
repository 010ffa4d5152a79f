import type { HttpBindings } from '@hono/node-server'
import type { I18n } from '@grammyjs/i18n'
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { Logger } from 'pino'
import type { Core, CoreModules } from '../../../core/core.js'
import { isDomainError } from '../../../core/errors.js'
import type { SerialMode } from '../../../core/merchant-api/credentials.js'
import type { BotContext } from '../../context.js'
import { ApiError, apiErrorFromDomain } from './api-errors.js'
import { authenticate } from './authenticate.js'
import { certificatesJson, closeOrder, createOrder, createRefund, queryOrder, queryRefund, type ApiCall } from './handlers.js'
import { PerMerchantRate } from './rate-limit.js'
import { signedReply } from './signed-reply.js'

export interface MerchantApiOptions {
  core: Core
  i18n: I18n<BotContext>
  log: Logger
  /** The bot's username: an order's code_url opens its chat. */
  botUsername: string
  /** MERCHANT_NOTIFY_ALLOW_PRIVATE: notify URLs may be http and private (development, tests). */
  allowPrivateNotify: boolean
  /** MERCHANT_API_RATE: requests per second per merchant. */
  ratePerSecond: number
}

/** A request body larger than this is refused unread: WeChat Pay's own requests are a few kB. */
const MAX_BODY_BYTES = 64 * 1024

type Env = { Bindings: HttpBindings }
type Handler = (call: ApiCall) => Promise<{ status: number; body: unknown }>

/**
 * The merchant API (WeChat Pay APIv3, Native payments), mounted at the root of its port: the
 * SDKs sign the path without any prefix. Every request is authenticated before anything else
 * and every answer — success, 204 or error — is signed.
 */
export function merchantApiRoutes(options: MerchantApiOptions): Hono<Env> {
  const app = new Hono<Env>()
  const rate = new PerMerchantRate(options.ratePerSecond)
  const reply = async (status: number, body: unknown, mode?: SerialMode) => signedReply(await options.core.merchantApi.platformKey(), status, body, options.core.db.clock.now(), mode)
  const refuse = (c: Context<Env>, error: ApiError, mode?: SerialMode) => {
    const t = translator(options.i18n, c.req.header('accept-language'))
    const detail = error.detail.field || error.detail.issue ? { detail: error.detail } : {}
    return reply(error.status, { code: error.code, message: t(error.messageKey), ...detail }, mode)
  }
  const route = (handler: Handler) => async (c: Context<Env>) => {
    const core: CoreModules = options.core
    const now = core.db.clock.now()
    let mode: SerialMode | undefined // known once the request's key is: until then, certificate mode
    try {
      const body = await c.req.text()
      const admit = (merchantId: number) => {
        if (!rate.take(merchantId, now)) throw new ApiError('FREQUENCY_LIMITED')
      }
      const who = await authenticate(core, { method: c.req.method, target: rawTarget(c), authorization: c.req.header('authorization'), body }, now, admit)
      mode = who.serialMode
      const t = translator(options.i18n, c.req.header('accept-language'))
      const result = await handler({ ...who, core, body, now, t, param: (name) => c.req.param(name) ?? '', query: (name) => c.req.query(name), options })
      return await reply(result.status, result.body, mode)
    } catch (error) {
      if (error instanceof ApiError) return refuse(c, error, mode)
      if (isDomainError(error)) return refuse(c, apiErrorFromDomain(error.code), mode)
      options.log.error({ err: error, path: c.req.path }, 'merchant API request failed')
      return refuse(c, new ApiError('SYSTEM_ERROR'), mode)
    }
  }
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => refuse(c as Context<Env>, new ApiError('PARAM_ERROR', { field: 'body', issue: 'too large' })) }))
  app.post('/v3/pay/transactions/native', route(createOrder))
  app.get('/v3/pay/transactions/out-trade-no/:outTradeNo', route(queryOrder))
  app.get('/v3/pay/transactions/id/:transactionId', route(queryOrder))
  app.post('/v3/pay/transactions/out-trade-no/:outTradeNo/close', route(closeOrder))
  app.post('/v3/refund/domestic/refunds', route(createRefund))
  app.get('/v3/refund/domestic/refunds/:outRefundNo', route(queryRefund))
  app.get('/v3/certificates', route(certificatesJson))
  // Last: any other path or method is answered (signed) here, also when mounted beside the webhook.
  app.all('*', (c) => refuse(c, new ApiError('RESOURCE_NOT_EXISTS', { field: 'path' })))
  return app
}

/** The path and query exactly as the request line carried them (what the shop signed), not a re-encoded URL. */
function rawTarget(c: Context<Env>): string {
  const raw = c.env?.incoming?.url
  if (raw) return raw
  const url = new URL(c.req.url)
  return url.pathname + url.search
}

/** WeChat Pay answers in Chinese; a client that asks for English first gets English. */
function translator(i18n: I18n<BotContext>, acceptLanguage: string | undefined) {
  const locale = /^\s*en/i.test(acceptLanguage ?? '') ? 'en' : 'zh'
  return (key: string) => i18n.t(locale, key)
}


import { serve, type HttpBindings } from '@hono/node-server'
import { webhookCallback, type Bot } from 'grammy'
import { Hono } from 'hono'
import type { Server } from 'node:http'
import type { BotContext } from '../context.js'
import { merchantApiRoutes, type MerchantApiOptions } from './merchant-api/routes.js'

/** What one port serves: Telegram's webhook, the merchant API, or both. */
export interface HttpParts {
  webhook?: { bot: Bot<BotContext>; secret: string; path: string }
  merchantApi?: MerchantApiOptions
}

/**
 * The one HTTP server of the bot's edges. The webhook answers POSTs at its path (and at `/`,
 * for a proxy that strips it); grammY's adapter refuses (401) any request without our secret
 * token. The merchant API lives at the root, under `/v3/`, as WeChat Pay's SDKs expect.
 */
export function httpApp(parts: HttpParts): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>()
  if (parts.webhook) {
    const handle = webhookCallback(parts.webhook.bot, 'hono', { secretToken: parts.webhook.secret })
    app.post('/', handle)
    if (parts.webhook.path !== '/') app.post(parts.webhook.path, handle)
  }
  if (parts.merchantApi) app.route('/', merchantApiRoutes(parts.merchantApi))
  return app
}

/** Listens on `port` (0: any free one) until stopped; a port already taken rejects. */
export function listen(app: Hono<{ Bindings: HttpBindings }>, port: number, host?: string): Promise<{ server: Server; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, () => {
      server.off('error', reject)
      resolve({ server: server as Server, stop: () => new Promise<void>((done) => server.close(() => done())) })
    })
    server.once('error', reject)
  })
}

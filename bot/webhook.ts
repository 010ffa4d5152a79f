import type { Bot } from 'grammy'
import type { BotContext } from './context.js'
import { httpApp, listen } from './http/server.js'
import type { MerchantApiOptions } from './http/merchant-api/routes.js'

/**
 * Webhook mode: the HTTP server on `port` hands Telegram's POSTs to the bot, and serves the
 * merchant API too when it shares the port. Only Telegram — which we told the secret with
 * setWebhook — can deliver updates.
 */
export async function startWebhook(bot: Bot<BotContext>, options: { url: string; secret: string; port: number; host?: string; merchantApi?: MerchantApiOptions }) {
  const app = httpApp({ webhook: { bot, secret: options.secret, path: new URL(options.url).pathname }, merchantApi: options.merchantApi })
  const listening = await listen(app, options.port, options.host)
  await bot.api.setWebhook(options.url, { secret_token: options.secret, allowed_updates: ['message', 'callback_query', 'inline_query', 'chosen_inline_result'] })
  return listening
}

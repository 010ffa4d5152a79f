import { webhookCallback, type Bot } from 'grammy'
import { createServer, type Server } from 'node:http'
import type { BotContext } from './context.js'

/**
 * Webhook mode: an HTTP server on `port` that hands Telegram's POSTs to the bot. grammY's
 * adapter refuses (401) any request whose X-Telegram-Bot-Api-Secret-Token is not our secret,
 * so only Telegram — which we told the secret with setWebhook — can deliver updates.
 */
export async function startWebhook(
  bot: Bot<BotContext>,
  options: { url: string; secret: string; port: number; host?: string },
): Promise<{ server: Server; stop(): Promise<void> }> {
  const handle = webhookCallback(bot, 'http', { secretToken: options.secret })
  const server = createServer((req, res) => void handle(req, res))
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve))
  await bot.api.setWebhook(options.url, { secret_token: options.secret, allowed_updates: ['message', 'callback_query', 'inline_query', 'chosen_inline_result'] })
  return { server, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

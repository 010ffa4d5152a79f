import type { HttpBindings } from '@hono/node-server'
import { Hono } from 'hono'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Logger } from 'pino'
import { StartupError } from '../app.js'
import { loadConfig, type BotConfig } from '../config.js'
import { listen } from '../http/server.js'
import { loadServerKeys } from '../server-keys.js'
import { localOnly, loopbackHosts } from './local-only.js'
import { pageFiles } from './page-files.js'
import { playgroundApi } from './routes.js'
import { PlaygroundRuns, type FullRun } from './run.js'
import { shopRoutes } from './shop.js'
import { PLAYGROUND_ADMIN_ID } from './world.js'

/** The emulator's bot token: it never leaves this process (the bot's fetch is the emulator's). */
const PLAYGROUND_TOKEN = '7000000001:playground-token-not-known-to-telegram'

export interface RunningPlayground {
  url: string
  /** The run of the moment (tests read the emulator and the wallet through it). */
  current(): FullRun
  stop(): Promise<void>
}

/**
 * `npm start` without BOT_TOKEN: the wallet, with the same code, middleware and jobs as in
 * Telegram, against the Telegram emulator, on its own SQLite file (and sandbox bank) under
 * `dataDir`; the chat page, the shop's checkout and the merchant API on one HTTP server
 * (PORT, PLAYGROUND_HOST: loopback unless told). Every start, and every reset, begins
 * afresh: the emulator keeps its chats in memory, so a wallet kept from an earlier run would
 * meet people with no history.
 */
export async function startPlayground(options: { env: NodeJS.ProcessEnv; log: Logger; dataDir?: string; port?: number }): Promise<RunningPlayground> {
  const dataDir = path.resolve(options.dataDir ?? 'data/playground')
  const databaseFile = path.join(dataDir, 'wallet.db')
  const config = playgroundConfig(options.env, databaseFile)
  mkdirSync(dataDir, { recursive: true })
  const runs = new PlaygroundRuns({ config, keys: loadServerKeys(options.env, config.databaseUrl), log: options.log, databaseFile, token: PLAYGROUND_TOKEN })
  await runs.restart()

  let url = ''
  let hosts: Set<string> | 'any' = new Set()
  const http = new Hono<{ Bindings: HttpBindings }>()
  http.use('/playground/api/*', localOnly(() => hosts))
  http.use('/playground/shop/*', localOnly(() => hosts))
  http.route('/', pageFiles())
  http.route('/playground/shop', shopRoutes(() => runs.current?.shop, () => url))
  http.route('/playground/api', playgroundApi(() => runs.current, () => runs.restart()))
  // The merchant API at the root, as a shop's SDK expects, on the wallet of the moment.
  http.all('/v3/*', (c) => (runs.current ? runs.current.merchantHttp.fetch(c.req.raw, c.env) : c.json({ code: 'SYSTEM_ERROR', message: 'resetting' }, 503)))
  const port = options.port ?? config.port
  const server = await listen(http, port, config.playgroundHost).catch(async (error: Error) => {
    await runs.end()
    throw new StartupError(`Lingqian cannot open the playground on ${config.playgroundHost}:${port}: ${error.message} (PORT picks another port)`)
  })
  const address = server.server.address()
  const listening = typeof address === 'object' && address ? address.port : port
  url = pageUrl(config.playgroundHost, listening)
  hosts = loopbackHosts(config.playgroundHost, listening)
  return {
    url,
    current: () => {
      if (!runs.current) throw new Error('the playground is resetting')
      return runs.current
    },
    async stop() {
      await runs.end()
      await server.stop()
    },
  }
}

/** Where a browser on this machine finds the page (an IPv6 host in brackets). */
function pageUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}/`
}

/**
 * The environment's settings, with what the playground needs on top: its own database, the
 * sandbox bank, the admin persona among the admins, notifications to the shop on loopback,
 * and password-free payments only up to ¥10 unless told (so a first ¥12.50 shows the keypad).
 */
function playgroundConfig(env: NodeJS.ProcessEnv, databaseFile: string): BotConfig {
  const adminIds = [env.ADMIN_IDS, String(PLAYGROUND_ADMIN_ID)].filter(Boolean).join(',')
  return loadConfig({
    PASSWORD_FREE_PAYMENT: '10',
    ...env,
    MERCHANT_NOTIFY_ALLOW_PRIVATE: 'true',
    // Updates come from the emulator, and the merchant API is served on the playground's port.
    WEBHOOK_URL: '',
    WEBHOOK_SECRET: '',
    MERCHANT_API_PORT: '',
    BOT_TOKEN: PLAYGROUND_TOKEN,
    DATABASE_URL: `file:${databaseFile}`,
    ADMIN_IDS: adminIds,
    BANK_URL: 'sandbox',
  })
}

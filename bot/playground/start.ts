import type { HttpBindings } from '@hono/node-server'
import { Hono } from 'hono'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Logger } from 'pino'
import { startWalletApp, type WalletApp } from '../app.js'
import { loadConfig } from '../config.js'
import { listen } from '../http/server.js'
import { merchantApiRoutes } from '../http/merchant-api/routes.js'
import { loadServerKeys } from '../server-keys.js'
import { FakeTelegram } from '../telegram-emulator/index.js'
import { playgroundApi, type PlaygroundRun } from './routes.js'
import { seedWorld } from './seed.js'
import { openShop, shopRoutes, type PlaygroundShop } from './shop.js'
import { buildWorld, PLAYGROUND_ADMIN_ID } from './world.js'

/** The emulator's bot token: it never leaves this process (the bot's fetch is the emulator's). */
const PLAYGROUND_TOKEN = '7000000001:playground-token-not-known-to-telegram'
const DATABASE_FILE = 'wallet.db'
const PAGE_DIR = path.join(import.meta.dirname, 'page')
const PAGE_FILES: Record<string, string> = { 'app.js': 'text/javascript; charset=utf-8', 'shop.js': 'text/javascript; charset=utf-8', 'style.css': 'text/css; charset=utf-8' }

export interface RunningPlayground {
  url: string
  /** The run of the moment (tests read the emulator and the wallet through it). */
  current(): PlaygroundRun & { app: WalletApp; shop: PlaygroundShop }
  reset(): Promise<void>
  stop(): Promise<void>
}

/**
 * `npm start` without BOT_TOKEN: the wallet, with the same code, middleware and jobs as in
 * Telegram, against the Telegram emulator, on its own SQLite file (and sandbox bank) under
 * `dataDir`; the chat page and the merchant API on one HTTP server (PORT, PLAYGROUND_HOST:
 * loopback unless told). Every start, and every reset, begins afresh: the emulator keeps its
 * chats in memory, so a wallet kept from an earlier run would meet people with no history.
 */
export async function startPlayground(options: { env: NodeJS.ProcessEnv; log: Logger; dataDir?: string; port?: number }): Promise<RunningPlayground> {
  const dataDir = path.resolve(options.dataDir ?? 'data/playground')
  const adminIds = [options.env.ADMIN_IDS, String(PLAYGROUND_ADMIN_ID)].filter(Boolean).join(',')
  // A first payment of ¥12.50 shows the password keypad: password-free only up to ¥10 unless told.
  // The shop's notification endpoint is on this machine's loopback.
  const config = loadConfig({ PASSWORD_FREE_PAYMENT: '10', ...options.env, MERCHANT_NOTIFY_ALLOW_PRIVATE: 'true', BOT_TOKEN: PLAYGROUND_TOKEN, DATABASE_URL: `file:${path.join(dataDir, DATABASE_FILE)}`, ADMIN_IDS: adminIds, BANK_URL: 'sandbox' })
  mkdirSync(dataDir, { recursive: true })
  const keys = loadServerKeys(options.env, config.databaseUrl)

  let run: (PlaygroundRun & { app: WalletApp; shop: PlaygroundShop; merchantHttp: Hono<{ Bindings: HttpBindings }> }) | undefined
  const begin = async () => {
    for (const file of [DATABASE_FILE, 'sandbox-bank.db']) for (const suffix of ['', '-wal', '-shm']) rmSync(path.join(dataDir, file + suffix), { force: true })
    const emulator = new FakeTelegram({ token: PLAYGROUND_TOKEN, botUsername: 'lingqian_playground_bot', botFirstName: 'Lingqian 零钱' })
    if (config.playgroundFloodPerMinute) emulator.setFloodLimit({ perChatPerMinute: config.playgroundFloodPerMinute })
    const world = buildWorld(emulator)
    const app = await startWalletApp({ config, keys, log: options.log, fetch: emulator.fetch as typeof fetch })
    const carol = await seedWorld(emulator, app.services, world)
    const shop = await openShop(app.services, carol)
    run = { emulator, world, placements: new Map(), i18n: app.services.i18n, app, shop, merchantHttp: merchantApiRoutes(app.merchantApi) }
  }
  const end = async () => {
    const ending = run
    run = undefined
    await ending?.app.stop()
    await ending?.emulator.close()
  }
  await begin()

  const http = new Hono<{ Bindings: HttpBindings }>()
  for (const [route, file] of [['/', 'index.html'], ['/shop', 'shop.html']]) {
    const html = readFileSync(path.join(PAGE_DIR, file!), 'utf8')
    http.get(route!, (c) => c.html(html))
  }
  for (const [file, type] of Object.entries(PAGE_FILES)) {
    const body = readFileSync(path.join(PAGE_DIR, file), 'utf8')
    http.get(`/playground/${file}`, (c) => c.body(body, 200, { 'content-type': type }))
  }
  // Chinese on machines without a CJK font (a fresh Linux): the font the charts use, from npm.
  const font = readFileSync(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'))
  http.get('/playground/noto-sans-sc.ttf', (c) => c.body(font, 200, { 'content-type': 'font/ttf', 'cache-control': 'max-age=86400' }))
  http.get('/favicon.ico', (c) => c.body(null, 204))
  let url = ''
  http.route('/playground/shop', shopRoutes(() => run?.shop, () => url))
  http.route('/playground/api', playgroundApi(() => run, async () => (await end(), await begin())))
  // The merchant API at the root, as a shop's SDK expects, on the wallet of the moment.
  http.all('/v3/*', (c) => (run ? run.merchantHttp.fetch(c.req.raw, c.env) : c.json({ code: 'SYSTEM_ERROR', message: 'resetting' }, 503)))
  const server = await listen(http, options.port ?? config.port, config.playgroundHost)
  const address = server.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  url = `http://${config.playgroundHost === '0.0.0.0' ? '127.0.0.1' : config.playgroundHost}:${port}/`
  return {
    url,
    current: () => {
      if (!run) throw new Error('the playground is resetting')
      return run
    },
    reset: async () => (await end(), await begin()),
    async stop() {
      await end()
      await server.stop()
    },
  }
}

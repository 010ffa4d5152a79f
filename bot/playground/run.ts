import type { HttpBindings } from '@hono/node-server'
import type { Hono } from 'hono'
import { rmSync } from 'node:fs'
import path from 'node:path'
import type { Logger } from 'pino'
import { startWalletApp, type WalletApp } from '../app.js'
import { SANDBOX_STORE_FILE } from '../bank/connect.js'
import type { BotConfig } from '../config.js'
import { merchantApiRoutes } from '../http/merchant-api/routes.js'
import type { ServerKeys } from '../server-keys.js'
import { FakeTelegram } from '../telegram-emulator/index.js'
import type { PlaygroundRun } from './routes.js'
import { seedWorld } from './seed.js'
import { openShop, type PlaygroundShop } from './shop.js'
import { buildWorld } from './world.js'

export type FullRun = PlaygroundRun & { app: WalletApp; shop: PlaygroundShop; merchantHttp: Hono<{ Bindings: HttpBindings }> }

/**
 * The playground's one run at a time: a fresh database file and emulator, the wallet started
 * on them, the world seeded. A reset ends the run and begins another; while it does, there
 * is no current run (the page's requests get 503), and a second reset waits for the first.
 */
export class PlaygroundRuns {
  current: FullRun | undefined
  #restarting: Promise<void> | undefined

  constructor(
    private readonly setting: { config: BotConfig; keys: ServerKeys; log: Logger; databaseFile: string; token: string },
  ) {}

  restart(): Promise<void> {
    this.#restarting ??= this.stopCurrent()
      .then(() => this.begin())
      .finally(() => (this.#restarting = undefined))
    return this.#restarting
  }

  /** Ends the run (after a reset under way, so that nothing it starts is left running). */
  async end(): Promise<void> {
    await this.#restarting?.catch(() => undefined)
    await this.stopCurrent()
  }

  private async stopCurrent(): Promise<void> {
    const ending = this.current
    this.current = undefined
    await ending?.app.stop()
    await ending?.emulator.close()
  }

  private async begin(): Promise<void> {
    const { config, keys, log, databaseFile, token } = this.setting
    for (const file of [databaseFile, path.join(path.dirname(databaseFile), SANDBOX_STORE_FILE)]) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
    }
    const emulator = new FakeTelegram({ token, botUsername: 'lingqian_playground_bot', botFirstName: 'Lingqian 零钱' })
    if (config.playgroundFloodPerMinute) emulator.setFloodLimit({ perChatPerMinute: config.playgroundFloodPerMinute })
    const world = buildWorld(emulator)
    const app = await startWalletApp({ config, keys, log, fetch: emulator.fetch as typeof fetch }).catch(async (error: unknown) => {
      await emulator.close()
      throw error
    })
    try {
      const shopOwner = await seedWorld(emulator, app.services, world)
      const shop = await openShop(app.services, shopOwner)
      this.current = { emulator, world, placements: new Map(), i18n: app.services.i18n, app, shop, merchantHttp: merchantApiRoutes(app.merchantApi) }
    } catch (error) {
      // A seed that failed leaves no wallet running unowned: the next reset starts clean.
      await app.stop()
      await emulator.close()
      throw error
    }
  }
}

import pino from 'pino'
import { audit, formatAuditReport } from '../../core/audit/auditor.js'
import type { Clock } from '../../core/db/clock.js'
import { getBalance } from '../../core/wallet/balance.js'
import { findUserByTelegramId } from '../../core/wallet/users.js'
import { createBot, type CreateBotOptions } from '../../bot/create-bot.js'
import { FakeTelegram, type FakeUser } from '../../bot/telegram-emulator/index.js'
import { ADMIN_TELEGRAM_ID, tempDatabase, TEST_PEPPER, TEST_ENCRYPTION_KEYS, testConfig, type TempDatabase } from './db.js'

export const TEST_TOKEN = '123456789:AAEhBP0av28jbHN0aWNrLmNvbS9zZWNyZXQx'

export interface BotHarness {
  fake: FakeTelegram
  t: TempDatabase
  bot: ReturnType<typeof createBot>['bot']
  services: ReturnType<typeof createBot>['services']
  admin: FakeUser
  /** A fake user's wallet balance in the wallet's currency. */
  balanceOf(user: FakeUser): Promise<bigint>
  /** Fails the test if the ledger's invariants do not hold. */
  assertAudit(): Promise<void>
  dispose(): Promise<void>
}

/**
 * The whole bot (every middleware and feature) on a real SQLite file, talking to the
 * in-process fake Bot API through grammY's real client; updates go straight to
 * bot.handleUpdate, so each simulated action returns once the bot has handled it.
 */
export async function startBotHarness(
  options: { clock?: Clock; overrides?: Partial<CreateBotOptions>; fake?: Omit<ConstructorParameters<typeof FakeTelegram>[0], 'token'> } = {},
): Promise<BotHarness> {
  const fake = new FakeTelegram({ botUsername: 'lingqian_test_bot', ...options.fake, token: TEST_TOKEN })
  const t = await tempDatabase({ clock: options.clock })
  const admin = fake.user({ id: Number(ADMIN_TELEGRAM_ID), firstName: 'Admin', username: 'wallet_admin' })
  const { bot, services } = createBot({
    token: TEST_TOKEN,
    passwordPepper: TEST_PEPPER,
    encryptionKeys: TEST_ENCRYPTION_KEYS,
    db: t.db,
    wallet: testConfig(),
    log: pino({ level: 'silent' }),
    fetch: fake.fetch,
    botInfo: fake.bot,
    throttle: false,
    rateLimit: { limit: 1000, timeFrameMs: 1000 },
    ...options.overrides,
  })
  await bot.init()
  fake.deliverTo((update) => bot.handleUpdate(update))
  return {
    fake,
    t,
    bot,
    services,
    admin,
    async balanceOf(user) {
      const wallet = await findUserByTelegramId(t.db, BigInt(user.id))
      if (!wallet) throw new Error(`user ${user.id} has no wallet`)
      return (await getBalance(t.db, wallet.id, 'CNY')).balanceMinor
    },
    async assertAudit() {
      const report = await audit(t.db)
      if (!report.ok) throw new Error(formatAuditReport(report))
    },
    async dispose() {
      // What a graceful shutdown does: the last live edits and handled-update ids go out.
      await services.redPackets.messages.live.flush()
      await services.core.updates.flush()
      await services.qr.decoder.close()
      await fake.close()
      await t.dispose()
    },
  }
}

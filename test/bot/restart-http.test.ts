import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import { openDatabase } from '../../core/db/database.js'
import { getBalance } from '../../core/wallet/balance.js'
import { findUserByTelegramId } from '../../core/wallet/users.js'
import { FakeTelegram, type HttpFake } from '../../bot/telegram-emulator/index.js'
import { TEST_TOKEN } from '../helpers/bot-harness.js'
import { ADMIN_TELEGRAM_ID, tempDatabase, TEST_PEPPER, TEST_ENCRYPTION_KEYS, type TempDatabase } from '../helpers/db.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * The real entry point (`bot/main.ts`) in its own process, long polling the fake Bot API over
 * HTTP through TELEGRAM_API_ROOT — killed with SIGKILL between showing a card and its
 * confirmation, then started again: the card still works, once, and no money is lost.
 */
describe('a bot process restarted mid-conversation, over HTTP', () => {
  let fake: FakeTelegram
  let http: HttpFake
  let t: TempDatabase
  let bot: ChildProcess | undefined
  let output = ''

  beforeAll(async () => {
    fake = new FakeTelegram({ token: TEST_TOKEN, botUsername: 'lingqian_test_bot' })
    http = await fake.listen()
    t = await tempDatabase()
    await t.db.close() // the bot process owns the file while it runs
  })
  afterAll(async () => {
    bot?.kill('SIGKILL')
    await fake.close()
    await t.dispose()
  })

  function startBot(): ChildProcess {
    // node with tsx's loader (not the tsx CLI, whose child would survive our SIGKILL)
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bot/main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        BOT_TOKEN: TEST_TOKEN,
        TELEGRAM_API_ROOT: http.apiRoot,
        DATABASE_URL: t.url,
        ADMIN_IDS: String(ADMIN_TELEGRAM_ID),
        PASSWORD_PEPPER: TEST_PEPPER.toString('base64'),
        ENCRYPTION_KEY: TEST_ENCRYPTION_KEYS.current.toString('base64'),
        LOG_LEVEL: process.env.BOT_TEST_LOG_LEVEL ?? 'warn',
        WEBHOOK_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout!.on('data', (chunk) => (output += chunk))
    child.stderr!.on('data', (chunk) => (output += chunk))
    return child
  }
  const waitForText = (chat: Parameters<FakeTelegram['lastBotMessage']>[0], pattern: RegExp, messageId?: number) =>
    fake.waitFor(
      () => {
        const message = messageId ? fake.message(chat, messageId) : fake.lastBotMessage(chat)
        return message && pattern.test(message.plainText ?? '') ? message : undefined
      },
      { timeoutMs: 20_000 },
    ).catch((error) => {
      throw new Error(`${(error as Error).message}\nbot output:\n${output}`)
    })

  it('keeps the pending card and the money across a SIGKILL', async () => {
    const admin = fake.user({ id: Number(ADMIN_TELEGRAM_ID), firstName: 'Admin', username: 'wallet_admin' })
    const alice = fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    const bob = fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'en' })
    bot = startBot()

    await alice.startBot()
    await waitForText(alice.privateChat, /Welcome to Lingqian/)
    await bob.startBot()
    await waitForText(bob.privateChat, /Welcome to Lingqian/)
    await admin.startBot()
    await waitForText(admin.privateChat, /Welcome/)
    await admin.send(admin.privateChat, '/topup @alice 100')
    await waitForText(admin.privateChat, /Topped up Alice \(@alice\) with ¥100\.00/)
    await alice.send(alice.privateChat, '/send @bobby 30 rent')
    const card = await waitForText(alice.privateChat, /Confirm transfer/)

    bot.kill('SIGKILL')
    await new Promise((resolve) => bot!.once('exit', resolve))
    // While the bot is down, Alice taps Confirm twice; Telegram keeps the updates.
    await alice.press(alice.privateChat, card, '✅ Confirm')
    await alice.press(alice.privateChat, card, '✅ Confirm')
    bot = startBot()

    await waitForText(alice.privateChat, /Transfer sent · ¥30\.00 to Bob \(@bobby\)/, card.id)
    await waitForText(bob.privateChat, /Alice \(@alice\) sent you ¥30\.00/)
    await alice.send(alice.privateChat, '/balance')
    await waitForText(alice.privateChat, /Balance: ¥70\.00/)

    bot.kill('SIGTERM') // graceful: stops polling, finishes in-flight work, closes the database
    const exitCode = await new Promise<number | null>((resolve) => bot!.once('exit', resolve))
    expect(exitCode, output).toBe(0)
    bot = undefined

    const db = await openDatabase({ url: t.url })
    try {
      const balance = async (telegramId: number) => (await getBalance(db, (await findUserByTelegramId(db, BigInt(telegramId)))!.id, 'CNY')).balanceMinor
      expect(await balance(alice.id)).toBe(7000n)
      expect(await balance(bob.id)).toBe(3000n)
      expect(await db.prisma.posting.count({ where: { kind: 'transfer' } })).toBe(1)
      expect((await audit(db)).ok).toBe(true)
    } finally {
      await db.close()
    }
  }, 90_000)
})

import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../core/db/database.js'
import type { FakeChat, FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { ENGINE } from '../helpers/db.js'
import { holdWriteLock } from '../helpers/lock-holder.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

// SQLite's own troubles: the file lock another process can hold, a file that cannot grow.
describe.skipIf(ENGINE !== 'sqlite')('storage trouble: another process’s lock, a full disk, a read-only file', () => {
  let h: BotHarness
  let alice: FakeUser
  let bob: FakeUser
  beforeEach(async () => {
    h = await startBotHarness()
    alice = h.fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    bob = h.fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'en' })
    await alice.startBot()
    await bob.startBot()
    await h.admin.startBot()
    await h.admin.send(h.admin.privateChat, '/topup @alice 100')
  })
  afterEach(async () => {
    await h.assertAudit()
    await h.dispose()
  })
  const lastText = (chat: FakeChat) => h.fake.lastBotMessage(chat)?.plainText ?? ''
  const balanceOf = (user: FakeUser) => h.balanceOf(user)

  it('while another process holds the write lock, other chats are answered and timers fire; the held-up write goes through after', async () => {
    const lock = await holdWriteLock(h.t.url.slice('file:'.length))
    let released = false
    const events: string[] = []
    // Alice's card needs the write lock: it waits, without stopping the process.
    const sending = alice.send(alice.privateChat, '/send @bobby 5').then(() => events.push(`card ${released ? 'after' : 'before'} release`))
    const timer = new Promise<void>((resolve) => setTimeout(() => resolve(void events.push(`timer ${released ? 'after' : 'before'} release`)), 50))
    await bob.send(bob.privateChat, '/balance')
    events.push(`balance ${released ? 'after' : 'before'} release: ${lastText(bob.privateChat)}`)
    await timer
    released = true
    await lock.release()
    await sending
    expect(events).toEqual(['balance before release: 💰 Balance: ¥0.00', 'timer before release', 'card after release'])
    expect(lastText(alice.privateChat)).toMatch(/Confirm transfer/)
  })

  it('a write that waits longer than it may is refused as busy, saying nothing was charged', async () => {
    const patient = h.t.db
    const impatient = await openDatabase({ url: h.t.url, lockWaitMs: 100, migrate: false })
    const lock = await holdWriteLock(h.t.url.slice('file:'.length))
    try {
      await expect(impatient.write((tx) => tx.run('UPDATE users SET locale = NULL WHERE FALSE'))).rejects.toMatchObject({ code: 'DATABASE_BUSY' })
    } finally {
      await lock.release()
      await impatient.close()
    }
    expect(await patient.write(async () => 'writes again')).toBe('writes again')
  })

  it('a full disk is named as such, nothing is half-written, pending update ids wait for space, and it recovers', async () => {
    const sqlite = h.t.db.sqlite!
    // The file may not grow (SQLITE_FULL, as on a full disk), and what room the pages of the
    // tables a card and a handled update are written to had left is taken by filler rows.
    sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true }))}`)
    const fillers = [
      sqlite.prepare('INSERT INTO processed_updates (update_id, received_at) VALUES (?, 0)'),
      sqlite.prepare(`INSERT INTO payment_cards (token, from_user_id, amount_minor, currency, status, expires_at, created_at) VALUES ('f' || ?, 1, 1, 'CNY', 'cancelled', 0, 0)`),
    ]
    for (const filler of fillers) {
      for (let id = 1e9; ; id += 1) {
        try {
          filler.run(id)
        } catch {
          break
        }
      }
    }
    const card = await (async () => {
      await alice.send(alice.privateChat, '/send @bobby 5 '.concat('x'.repeat(90)))
      return lastText(alice.privateChat)
    })()
    expect(card).toMatch(/could not save anything just now \(its storage is full\)\. You were not charged/)
    const pendingUpdates = await h.t.db.prisma.processedUpdate.count()
    await expect(h.services.core.updates.flush()).rejects.toMatchObject({ code: 'STORAGE_FULL' })
    sqlite.pragma('max_page_count = 1073741823') // space is back
    await h.services.core.updates.flush()
    expect(await h.t.db.prisma.processedUpdate.count()).toBeGreaterThan(pendingUpdates) // kept, not thrown away
    await alice.send(alice.privateChat, '/send @bobby 5')
    await alice.press(alice.privateChat, h.fake.lastBotMessage(alice.privateChat)!, '✅ Confirm')
    expect(await balanceOf(bob)).toBe(500n)
  })
})

describe.skipIf(ENGINE !== 'sqlite')('a read-only database', () => {
  it('refuses to start, saying why', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lingqian-ro-'))
    try {
      const file = path.join(dir, 'wallet.db')
      await (await openDatabase({ url: `file:${file}` })).close()
      // The file is read-only, its folder is not (SQLite would quietly open it read-only).
      // Root may write anything: as root, the check runs as an unprivileged user.
      const asRoot = process.getuid?.() === 0
      chmodSync(file, 0o444)
      chmodSync(dir, 0o777)
      const script = `import { openDatabase } from ${JSON.stringify(path.join(ROOT, 'core/db/database.ts'))}
        try { openDatabase({ url: 'file:${file}' }); console.log('opened') } catch (e) { console.log(e.message) }`
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: ROOT,
        encoding: 'utf8',
        ...(asRoot ? { uid: 65534, gid: 65534, env: { ...process.env, HOME: dir, TSX_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json') } } : {}),
      })
      expect(run.stdout + run.stderr).toMatch(/is read-only .*not starting/)
      expect(run.stdout).not.toMatch(/opened/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

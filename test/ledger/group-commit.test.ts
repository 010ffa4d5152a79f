import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { insertId, type Tx } from '../../core/db/port.js'
import { ENGINE, tempDatabase, type TempDatabase } from '../helpers/db.js'

const insertUser = (telegramId: bigint) => (tx: Tx) =>
  insertId(tx, 'INSERT INTO users (telegram_id, first_name, created_at, updated_at) VALUES (?, ?, ?, ?)', telegramId, 'x', tx.now, tx.now)

// SQLite's writer; PostgreSQL's batches have their own tests (test/db/postgres-batches.test.ts).
describe.skipIf(ENGINE !== 'sqlite')('group commit', () => {
  let t: TempDatabase
  beforeEach(async () => {
    t = await tempDatabase()
  })
  afterEach(() => t.dispose())

  it('a unit that fails in a batch is undone alone; the others commit', async () => {
    const results = await Promise.allSettled([
      t.db.write(insertUser(1n)),
      t.db.write(async (tx) => {
        await insertUser(2n)(tx) // written, then undone when the unit throws
        throw new Error('refused')
      }),
      t.db.write(insertUser(3n)),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const ids = (await t.db.prisma.user.findMany({ orderBy: { telegramId: 'asc' } })).map((u) => u.telegramId)
    expect(ids).toEqual([1n, 3n])
  })

  it('a refusal before any write costs the batch nothing; one after a write re-runs the others, never itself', async () => {
    const runs = { first: 0, refusedEarly: 0, refusedLate: 0, last: 0 }
    const counted = (name: keyof typeof runs, work: (tx: Tx) => Promise<unknown>) => (tx: Tx) => {
      runs[name] += 1
      return work(tx)
    }
    const refuse = () => Promise.reject(new Error('refused'))
    const results = await Promise.allSettled([
      t.db.write(counted('first', insertUser(1n))),
      t.db.write(counted('refusedEarly', async (tx) => (await tx.get('SELECT 1 FROM users WHERE telegram_id = 1'), refuse()))),
      t.db.write(counted('last', insertUser(3n))),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(runs).toEqual({ first: 1, refusedEarly: 1, refusedLate: 0, last: 1 })

    const second = await Promise.allSettled([
      t.db.write(counted('first', insertUser(4n))),
      t.db.write(counted('refusedLate', async (tx) => (await insertUser(5n)(tx), refuse()))),
      t.db.write(counted('last', insertUser(6n))),
    ])
    expect(second.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(runs).toEqual({ first: 3, refusedEarly: 1, refusedLate: 1, last: 2 }) // the units before it ran twice
    const ids = (await t.db.prisma.user.findMany({ orderBy: { telegramId: 'asc' } })).map((u) => u.telegramId)
    expect(ids).toEqual([1n, 3n, 4n, 6n])
  })

  it('many concurrent units share few commits', async () => {
    const before = { ...t.db.stats }
    await Promise.all(Array.from({ length: 500 }, (_, i) => t.db.write(insertUser(BigInt(100 + i)))))
    expect(await t.db.prisma.user.count()).toBe(500)
    expect(t.db.stats.units - before.units).toBe(500)
    expect(t.db.stats.batches - before.batches).toBeLessThanOrEqual(5) // 256 units per batch at most
  })

  it('a unit that awaits anything but its handle (a Telegram call, a timer) is failed and rolled back', async () => {
    const slow = t.db.write(async (tx) => {
      await insertUser(7n)(tx)
      await new Promise((resolve) => setTimeout(resolve, 5)) // as a network call inside a unit would
      return 'should not commit'
    })
    await expect(slow).rejects.toThrow(/awaited something other than its database handle/)
    expect(await t.db.prisma.user.count({ where: { telegramId: 7n } })).toBe(0)
    expect(await t.db.write(insertUser(8n))).toBeGreaterThan(0) // the writer goes on
  })
})


import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { insertId, type Tx } from '../../core/db/port.js'
import { ENGINE, tempDatabase, type TempDatabase } from '../helpers/db.js'

const insertUser = (telegramId: bigint) => (tx: Tx) =>
  insertId(tx, 'INSERT INTO users (telegram_id, first_name, created_at, updated_at) VALUES (?, ?, ?, ?)', telegramId, 'x', tx.now, tx.now)
const rename = (telegramId: bigint, name: string) => (tx: Tx) => tx.run('UPDATE users SET first_name = ? WHERE telegram_id = ?', name, telegramId)

// PostgreSQL's writer (core/db/postgres/batch-writer.ts): units naming the same contended row
// share a lane, and the units of a lane share transactions.
describe.skipIf(ENGINE !== 'postgresql')('PostgreSQL batches', () => {
  let t: TempDatabase
  beforeEach(async () => {
    t = await tempDatabase()
  })
  afterEach(() => t.dispose())

  const telegramIds = async () => (await t.db.prisma.user.findMany({ orderBy: { telegramId: 'asc' } })).map((u) => u.telegramId)
  const onOneRow = { contends: 'the same row' }

  it('units on one contended row share few commits', async () => {
    const before = { ...t.db.stats }
    await Promise.all(Array.from({ length: 300 }, (_, i) => t.db.write(insertUser(BigInt(100 + i)), onOneRow)))
    expect(await t.db.prisma.user.count()).toBe(300)
    expect(t.db.stats.units - before.units).toBe(300)
    expect(t.db.stats.batches - before.batches).toBeLessThanOrEqual(8) // 64 units per batch at most
  })

  it('a unit that fails after writing, or whose statement fails, is undone alone; the others in its batch commit', async () => {
    await t.db.write(insertUser(1n))
    const results = await Promise.allSettled([
      t.db.write(insertUser(2n), onOneRow),
      t.db.write(async (tx) => {
        await insertUser(3n)(tx) // written, then undone when the unit throws
        throw new Error('refused')
      }, onOneRow),
      t.db.write(insertUser(1n), onOneRow), // a unique violation: PostgreSQL aborts the statement's transaction
      t.db.write(insertUser(4n), onOneRow),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled'])
    expect(await telegramIds()).toEqual([1n, 2n, 4n])
  })

  it('two lanes that deadlock: the loser is put back and runs again, and both commit', async () => {
    await t.db.write(insertUser(1n))
    await t.db.write(insertUser(2n))
    let release!: () => void
    const bothHoldOneRow = new Promise<void>((resolve) => (release = resolve))
    let holding = 0
    const crossing = (first: bigint, second: bigint, name: string) => async (tx: Tx) => {
      await rename(first, name)(tx)
      if (++holding === 2) release()
      await bothHoldOneRow // each now holds one row and wants the other's
      await rename(second, name)(tx)
      return name
    }
    // Different contended rows: different lanes, so different connections.
    const results = await Promise.all([t.db.write(crossing(1n, 2n, 'a'), { contends: 'a' }), t.db.write(crossing(2n, 1n, 'b'), { contends: 'b' })])
    expect(results.sort()).toEqual(['a', 'b'])
    const names = (await t.db.prisma.user.findMany({ orderBy: { telegramId: 'asc' } })).map((u) => u.firstName)
    expect(new Set(names).size).toBe(1) // whichever ran last renamed both rows
  })
})

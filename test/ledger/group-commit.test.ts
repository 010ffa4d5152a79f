import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDatabase, type TempDatabase } from '../helpers/db.js'

const insertUser = (telegramId: bigint) => (tx: import('../../core/db/write-tx.js').WriteTx) =>
  tx.insert(
    'INSERT INTO users (telegram_id, first_name, created_at, updated_at) VALUES (?, ?, ?, ?)',
    telegramId,
    'x',
    tx.now.getTime(),
    tx.now.getTime(),
  )

describe('group commit', () => {
  let t: TempDatabase
  beforeEach(() => {
    t = tempDatabase()
  })
  afterEach(() => t.dispose())

  it('a unit that fails in a batch is undone alone; the others commit', async () => {
    const results = await Promise.allSettled([
      t.db.writer.run(insertUser(1n)),
      t.db.writer.run((tx) => {
        insertUser(2n)(tx) // written, then undone by the savepoint when the unit throws
        throw new Error('refused')
      }),
      t.db.writer.run(insertUser(3n)),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const ids = (await t.db.prisma.user.findMany({ orderBy: { telegramId: 'asc' } })).map((u) => u.telegramId)
    expect(ids).toEqual([1n, 3n])
  })

  it('many concurrent units share few commits', async () => {
    const before = { ...t.db.writer.stats }
    await Promise.all(Array.from({ length: 500 }, (_, i) => t.db.writer.run(insertUser(BigInt(100 + i)))))
    expect(await t.db.prisma.user.count()).toBe(500)
    expect(t.db.writer.stats.units - before.units).toBe(500)
    expect(t.db.writer.stats.batches - before.batches).toBeLessThanOrEqual(5) // 256 units per batch at most
  })
})

import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { insertId } from '../../core/db/port.js'
import { ENGINE, tempDatabase, type TempDatabase } from '../helpers/db.js'

const profile = (telegramId: bigint, now: Date) => ({
  telegramId,
  firstName: `user${telegramId}`,
  createdAt: now,
  updatedAt: now,
})

/** Fails the test instead of hanging it when a promise never settles. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} hung for ${ms} ms`)), ms))])
}

// Our own Prisma adapter for SQLite's one shared connection; PostgreSQL uses Prisma's own.
describe.skipIf(ENGINE !== 'sqlite')('the Prisma adapter over the shared connection', () => {
  let t: TempDatabase
  beforeEach(async () => {
    t = await tempDatabase({ lockWaitMs: 2_000 })
  })
  afterEach(() => t.dispose())

  it('(a) a query outside an open interactive transaction is not swallowed by its rollback', async () => {
    const { prisma } = t.db
    const now = new Date()
    let outsideWrite: Promise<unknown> | undefined
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.user.create({ data: profile(1n, now) })
        // Issued while the transaction is open, on the same client, but not part of it.
        outsideWrite = prisma.user.create({ data: profile(2n, now) })
        await new Promise((resolve) => setTimeout(resolve, 20))
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    await outsideWrite
    const ids = (await prisma.user.findMany({ orderBy: { telegramId: 'asc' } })).map((u) => u.telegramId)
    expect(ids).toEqual([2n]) // the transaction's row is gone, the outside one stayed
  })

  it('(b) a failed BEGIN releases the connection: later transactions still run', async () => {
    // Another process holds the write lock; our BEGIN IMMEDIATE gives up after a short wait.
    const other = new Database(t.url.slice('file:'.length))
    other.exec('BEGIN IMMEDIATE')
    await expect(t.db.prisma.$transaction(async (tx) => tx.user.count())).rejects.toThrow()
    other.exec('ROLLBACK')
    other.close()
    const count = await within(
      t.db.prisma.$transaction(async (tx) => {
        await tx.user.create({ data: profile(3n, new Date()) })
        return tx.user.count()
      }),
      5_000,
      'the transaction after a failed BEGIN',
    )
    expect(count).toBe(1)
  })

  it('writes BigInt money and reads it back exactly, above 2^53', async () => {
    const now = new Date()
    const user = await t.db.prisma.user.create({ data: profile(4n, now) })
    const huge = 2n ** 62n + 7n
    await t.db.prisma.account.create({
      data: { code: 'x', kind: 'wallet', userId: user.id, currency: 'CNY', balanceMinor: huge, createdAt: now },
    })
    expect((await t.db.prisma.account.findUnique({ where: { code: 'x' } }))?.balanceMinor).toBe(huge)
  })

  it('maps a unique violation to Prisma’s P2002', async () => {
    const now = new Date()
    await t.db.prisma.user.create({ data: profile(5n, now) })
    await expect(t.db.prisma.user.create({ data: profile(5n, now) })).rejects.toMatchObject({ code: 'P2002' })
  })

  it('reads the PRAGMAs a wallet needs back from SQLite', () => {
    const read = (name: string) => t.db.sqlite!.pragma(name, { simple: true })
    expect(read('journal_mode')).toBe('wal')
    expect(read('synchronous')).toBe(2n)
    expect(read('foreign_keys')).toBe(1n)
    // No blocking busy wait: waiting for another process's lock is asynchronous (busy.ts).
    expect(read('busy_timeout')).toBe(0n)
  })

  it('a second process holding the lock makes the writer wait, not fail', async () => {
    // A real second process holds the write lock for 300 ms, then commits.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('BEGIN IMMEDIATE');
         console.log('locked'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); db.exec('COMMIT')`,
        t.url.slice('file:'.length),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const exited = new Promise((resolve) => holder.once('exit', resolve))
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()))
    // The writer's BEGIN IMMEDIATE is busy until the other commits; it waits, then writes.
    const id = await t.db.write((tx) => insertId(tx, 'INSERT INTO users (telegram_id, first_name, created_at, updated_at) VALUES (?, ?, ?, ?)', 6n, 'x', tx.now, tx.now))
    expect(id).toBeGreaterThan(0)
    await exited
  })
})

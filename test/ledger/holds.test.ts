import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import { ensureWalletAccount } from '../../core/ledger/accounts.js'
import { openHold, releaseFromHold, returnHold } from '../../core/ledger/holds.js'
import { getBalance } from '../../core/wallet/balance.js'
import { topUp } from '../../core/wallet/topup.js'
import { ADMIN_TELEGRAM_ID, openTestWallet, tempDatabase, testConfig, type TempDatabase } from '../helpers/db.js'

const config = testConfig()
const DAY = 24 * 3600 * 1000

describe('holds: escrow in two phases', () => {
  let t: TempDatabase
  let sender: number
  let grabbers: number[]
  beforeEach(async () => {
    t = await tempDatabase()
    sender = (await openTestWallet(t.db, 'sender')).id
    grabbers = await Promise.all([1, 2, 3].map(async (i) => (await openTestWallet(t.db, `g${i}`)).id))
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: sender, amountMinor: 1000n })
  })
  afterEach(() => t.dispose())

  const open = (key: string, amountMinor: bigint) =>
    t.db.write(async (tx) =>
      openHold(tx, {
        idempotencyKey: key,
        kind: 'red_packet',
        sourceAccountId: await ensureWalletAccount(tx, sender, 'CNY'),
        currency: 'CNY',
        amountMinor,
        expiresAt: new Date(tx.now.getTime() + DAY),
      }),
    )
  const release = (holdId: number, userId: number, amountMinor: bigint, key: string) =>
    t.db.write(async (tx) =>
      releaseFromHold(tx, { holdId, toAccountId: await ensureWalletAccount(tx, userId, 'CNY'), amountMinor, idempotencyKey: key, kind: 'red_packet_grab' }),
    )
  // These holds have no owner (no claim, no packet): the mechanism is tested on its own, so
  // only the owner check may fail; every money invariant must hold.
  const failingLedgerChecks = async () =>
    (await audit(t.db)).checks.filter((c) => !c.ok && c.name !== 'each hold agrees with its owner').map((c) => c.name)
  const balance = async (userId: number) => (await getBalance(t.db, userId, 'CNY')).balanceMinor

  it('moves the whole amount out of the live balance at once, pays out in parts, returns the rest once', async () => {
    const { hold } = await open('packet-1', 600n)
    expect(await balance(sender)).toBe(400n)
    await release(hold.id, grabbers[0]!, 100n, 'grab-1')
    await release(hold.id, grabbers[1]!, 250n, 'grab-2')
    await release(hold.id, grabbers[1]!, 250n, 'grab-2') // a replayed grab pays once
    expect(await balance(grabbers[1]!)).toBe(250n)
    expect(await failingLedgerChecks()).toEqual([])

    // Either may commit first (on PostgreSQL they race for the row): exactly one returns the rest.
    const runs = await Promise.all([
      t.db.write((tx) => returnHold(tx, { holdId: hold.id, status: 'expired', kind: 'red_packet_refund' })),
      t.db.write((tx) => returnHold(tx, { holdId: hold.id, status: 'expired', kind: 'red_packet_refund' })),
    ])
    expect(runs.map((run) => run?.returnedMinor).sort()).toEqual([250n, undefined]) // the other found it closed
    expect(await balance(sender)).toBe(650n)
    await expect(release(hold.id, grabbers[2]!, 1n, 'late-grab')).rejects.toMatchObject({ code: 'HOLD_NOT_OPEN' })
    expect(await failingLedgerChecks()).toEqual([])
  })

  it('cannot pay out more than it holds, and cannot be funded beyond the balance', async () => {
    const { hold } = await open('packet-2', 300n)
    await expect(release(hold.id, grabbers[0]!, 301n, 'too-much')).rejects.toMatchObject({ code: 'HOLD_INSUFFICIENT' })
    await expect(open('packet-3', 701n)).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' })
    expect(await t.db.prisma.hold.count()).toBe(1) // the refused hold left no row behind
    await release(hold.id, grabbers[0]!, 300n, 'all')
    expect((await t.db.prisma.hold.findUnique({ where: { id: hold.id } }))?.status).toBe('settled')
    expect(await failingLedgerChecks()).toEqual([])
  })

  it('opening twice with the same key is one hold', async () => {
    const [a, b] = await Promise.all([open('same', 200n), open('same', 200n)])
    expect(a.hold.id).toBe(b.hold.id)
    expect(await balance(sender)).toBe(800n)
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { markSending, scheduleDue, settleDelivery, takeDueDeliveries } from '../../core/statements/deliveries.js'
import { openTestWallet, tempDatabase, TestClock, type TempDatabase } from '../helpers/db.js'

describe('statement delivery rows', () => {
  let t: TempDatabase
  let clock: TestClock
  beforeEach(async () => {
    clock = new TestClock(new Date('2026-10-20T04:00:00Z'))
    t = await tempDatabase({ clock })
    await openTestWallet(t.db, 'reader')
    clock.set(new Date('2026-11-01T01:00:00Z')) // 09:00 in Shanghai
  })
  afterEach(() => t.dispose())
  const statusOf = async () => (await t.db.prisma.statementDelivery.findFirstOrThrow()).status

  it('one row per person and month however often it is scheduled; a send renews the lease, and a dead sender’s in-flight one becomes unconfirmed', async () => {
    expect(await scheduleDue(t.db, 'Asia/Shanghai', 10)).toBe(1)
    expect(await scheduleDue(t.db, 'Asia/Shanghai', 10)).toBe(0)
    const [delivery] = await takeDueDeliveries(t.db, 10, 1_000)
    expect(await takeDueDeliveries(t.db, 10, 1_000)).toEqual([]) // leased
    clock.advance(900)
    expect(await markSending(t.db, delivery!, 1_000)).toBe(true)
    clock.advance(500) // past the first lease, within the renewed one
    await takeDueDeliveries(t.db, 10, 1_000)
    expect(await statusOf()).toBe('sending')
    await settleDelivery(t.db, delivery!, { result: 'sent' })
    expect(await statusOf()).toBe('sent')
  })

  it('a sender that died mid-send leaves its delivery unconfirmed, never taken again', async () => {
    await scheduleDue(t.db, 'Asia/Shanghai', 10)
    const [delivery] = await takeDueDeliveries(t.db, 10, 1_000)
    await markSending(t.db, delivery!, 1_000)
    clock.advance(1_001)
    expect(await takeDueDeliveries(t.db, 10, 1_000)).toEqual([])
    expect(await statusOf()).toBe('unconfirmed')
    await settleDelivery(t.db, delivery!, { result: 'sent' }) // too late: its lease is gone
    expect(await statusOf()).toBe('unconfirmed')
  })
})

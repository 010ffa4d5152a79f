/**
 * Another process holds SQLite's write lock for HOLD_MS (an admin CLI, a second bot): how
 * does this process fare meanwhile? Measured: /balance answers in another chat (each should
 * come within 100 ms), how late a 50 ms timer fires (the event loop must stay free), and when
 * the write that waited for the lock is done after the lock is released.
 */
import { performance } from 'node:perf_hooks'
import { getBalance } from '../../core/wallet/balance.js'
import { findUserByTelegramId } from '../../core/wallet/users.js'
import { createI18n } from '../../bot/i18n.js'
import { startBotHarness } from '../helpers/bot-harness.js'
import { holdWriteLock } from '../helpers/lock-holder.js'
import type { BenchResult } from './stats.js'

const HOLD_MS = Number(process.env.BENCH_BUSY_HOLD_MS ?? 5_000)
const TIMER_MS = 50
/** The first line of a transfer card, from the locale itself, so the bench follows the words. */
const cardHeading = createI18n().t('en', 'card', { to: '', amount: '', from: '' }).split('\n')[0]!.replace(/<[^>]+>/g, '')

export async function runBusyLockBench(): Promise<BenchResult> {
  const h = await startBotHarness()
  try {
    const alice = h.fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    const bob = h.fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'en' })
    await alice.startBot()
    await bob.startBot()
    await h.admin.startBot()
    await h.admin.send(h.admin.privateChat, '/topup @alice 100')

    const lock = await holdWriteLock(h.t.url.slice('file:'.length))
    const heldAt = performance.now()
    const writeDone = alice.send(alice.privateChat, '/send @bobby 5').then(() => performance.now())
    const balanceMs: number[] = []
    const timerLateMs: number[] = []
    while (performance.now() - heldAt < HOLD_MS - 200) {
      const timer = timerLateness()
      const started = performance.now()
      await bob.send(bob.privateChat, '/balance')
      balanceMs.push(performance.now() - started)
      timerLateMs.push(await timer)
    }
    const releasedAt = performance.now()
    await lock.release()
    const writtenAt = await writeDone
    const card = h.fake.lastBotMessage(alice.privateChat)?.plainText ?? ''
    const bobWallet = await findUserByTelegramId(h.t.db, BigInt(bob.id))
    const ok = card.startsWith(cardHeading) && (await getBalance(h.t.db, bobWallet!.id, 'CNY')).balanceMinor === 0n

    const max = (xs: number[]) => Math.max(...xs).toFixed(1)
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1)
    console.log(`  lock held by another process for ${(releasedAt - heldAt).toFixed(0)} ms`)
    console.log(`  /balance in another chat meanwhile: ${balanceMs.length} answered, median ${median(balanceMs)} ms, max ${max(balanceMs)} ms (target ≤ 100 ms)`)
    console.log(`  a ${TIMER_MS} ms timer fired late by: median ${median(timerLateMs)} ms, max ${max(timerLateMs)} ms`)
    console.log(`  the write that waited for the lock: done ${(writtenAt - releasedAt).toFixed(1)} ms after the release (${ok ? 'card shown' : 'NOT DONE'})`)
    return { ok }
  } finally {
    await h.dispose()
  }
}

/** Resolves with how many ms after its due time a TIMER_MS timer actually fired. */
function timerLateness(): Promise<number> {
  const due = performance.now() + TIMER_MS
  return new Promise((resolve) => setTimeout(() => resolve(performance.now() - due), TIMER_MS))
}

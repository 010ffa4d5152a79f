/**
 * Risk rules measured, not asserted by feel: a seeded synthetic population pays each other
 * for three simulated days (friends, small everyday amounts, now and then rent-sized ones),
 * with fraud patterns injected among them:
 *  - account takeover: an old account suddenly pays a dozen new payees within minutes;
 *  - farming ring: new accounts grab one red packet and forward the grabs to one collector;
 *  - new-account cash-out: a fresh account, just funded, sends most of it on at once.
 * Every payment goes through the core's authorization step with the default thresholds
 * (and password-free amounts high enough that only risk ever interrupts one). Prints the
 * share of injected patterns caught (at least one of its payments stepped up, held for review or refused)
 * and the share of ordinary payments interrupted. Targets: ≥ 90% caught, ≤ 1% interrupted.
 */
import { audit } from '../../core/audit/auditor.js'
import { defaultRedPacketLimits } from '../../core/redpacket/limits.js'
import { grabRedPacket, prepareRedPacket, sendRedPacket } from '../../core/redpacket/packets.js'
import { recordRiskRefusal } from '../../core/security/authorize.js'
import { PasswordHasher, storePassword } from '../../core/security/password.js'
import { DEFAULT_RISK_RULES } from '../../core/security/risk.js'
import { topUp } from '../../core/wallet/topup.js'
import { transfer } from '../../core/wallet/transfer.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { ADMIN_TELEGRAM_ID, openTestWallet, tempDatabase, TEST_PEPPER, TestClock, testConfig, type TempDatabase } from '../helpers/db.js'
import type { BenchResult } from './stats.js'

const PEOPLE = 150
const DAYS = 3
const HOUR = 3_600_000
const DAY = 24 * HOUR
const START = new Date('2026-11-01T00:00:00Z').getTime()
const config = testConfig({
  risk: DEFAULT_RISK_RULES,
  passwordFree: { paymentMinor: 10n ** 9n, dailyMinor: 10n ** 10n, paymentCapMinor: 10n ** 9n, dailyCapMinor: 10n ** 10n, withoutPasswordDailyMinor: 10n ** 10n },
})
const row = (label: string, value: string) => console.log(`  ${label.padEnd(48)} ${value}`)

/** mulberry32: the same population on every run. */
function seeded(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Payment = { at: number; from: WalletUser; to: WalletUser; amountMinor: bigint; pattern: string | null }
type Outcome = 'ok' | 'interrupted' | 'other'

export async function runFraudBench(): Promise<BenchResult> {
  const random = seeded(20261203)
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!
  const clock = new TestClock(new Date(START))
  const t = await tempDatabase({ clock })
  try {
    const people = await population(t, clock, random)
    const payments: Payment[] = ordinaryPayments(people, random, pick)
    const patterns = await injectTakeovers(t, people, payments, random, pick)
    payments.sort((a, b) => a.at - b.at)
    const outcomes = new Map<string, Outcome[]>()
    let key = 0
    for (const payment of payments) {
      clock.set(new Date(payment.at))
      const outcome = await pay(t, payment, `p${key++}`)
      const name = payment.pattern ?? 'ordinary'
      outcomes.set(name, [...(outcomes.get(name) ?? []), outcome])
    }
    clock.set(new Date(START + DAYS * DAY))
    for (let i = 0; i < 10; i++) outcomes.set(`ring${i}`, await farmingRing(t, people, clock, i))
    for (let i = 0; i < 20; i++) outcomes.set(`cashout${i}`, await cashOut(t, people, clock, i, pick))
    report(outcomes, patterns.length)
    const ledger = await audit(t.db)
    return { ok: ledger.ok }
  } finally {
    await t.dispose()
  }
}

/** Ordinary people, 30 days to a year old, each with a payment password and a few friends. */
async function population(t: TempDatabase, clock: TestClock, random: () => number): Promise<WalletUser[]> {
  const hasher = new PasswordHasher(TEST_PEPPER)
  const people: WalletUser[] = []
  for (let i = 0; i < PEOPLE; i++) {
    const person = await openTestWallet(t.db, `person${i}`)
    await topUp(t.db, config, { idempotencyKey: `fund${i}`, adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: person.id, amountMinor: 2_000_000n })
    await storePassword(t.db, hasher, config.passwordReset, person.id, '274916', 'set')
    const ageMs = (30 + random() * 335) * DAY
    await t.db.write((tx) => tx.run('UPDATE users SET created_at = ? WHERE id = ?', new Date(clock.now().getTime() - ageMs), person.id))
    people.push(person)
  }
  return people
}

/** About four payments a day each, to a handful of friends: mostly ¥5–¥200, one in twenty ¥300–¥1,500. */
function ordinaryPayments(people: WalletUser[], random: () => number, pick: <T>(items: T[]) => T): Payment[] {
  const payments: Payment[] = []
  for (const [i, from] of people.entries()) {
    const friends = Array.from({ length: 3 + Math.floor(random() * 4) }, () => people[(i + 1 + Math.floor(random() * (people.length - 1))) % people.length]!)
    const count = Math.round(DAYS * (2 + random() * 4))
    for (let n = 0; n < count; n++) {
      const yuan = random() < 0.05 ? 300 + random() * 1_200 : 5 + random() ** 2 * 195
      payments.push({ at: START + random() * DAYS * DAY, from, to: pick(friends), amountMinor: BigInt(Math.round(yuan * 100)), pattern: null })
    }
  }
  return payments
}

/** Twenty takeovers: an ordinary account pays twelve accounts it never paid, within six minutes. */
async function injectTakeovers(t: TempDatabase, people: WalletUser[], payments: Payment[], random: () => number, pick: <T>(items: T[]) => T): Promise<string[]> {
  const names: string[] = []
  for (let i = 0; i < 20; i++) {
    const victim = pick(people)
    const at = START + (0.3 + random() * (DAYS - 0.5)) * DAY
    const mules = await Promise.all(Array.from({ length: 12 }, (_, m) => openTestWallet(t.db, `mule${i}_${m}`)))
    const name = `takeover${i}`
    for (const [m, mule] of mules.entries()) payments.push({ at: at + m * 30_000, from: victim, to: mule, amountMinor: BigInt(30_000 + Math.round(random() * 60_000)), pattern: name })
    names.push(name)
  }
  return names
}

/** Eight new accounts grab one packet, then each forwards its grab to one collector. */
async function farmingRing(t: TempDatabase, people: WalletUser[], clock: TestClock, i: number): Promise<Outcome[]> {
  const limits = defaultRedPacketLimits('CNY')
  const seed = people[i]!
  const collector = await openTestWallet(t.db, `collector${i}`)
  const farmers = await Promise.all(Array.from({ length: 8 }, (_, f) => openTestWallet(t.db, `farmer${i}_${f}`)))
  const draft = await prepareRedPacket(t.db, limits, { senderUserId: seed.id, kind: 'normal', enteredMinor: 2_000n, enteredCount: 8, greeting: '', currency: 'CNY', chatType: 'group' })
  await sendRedPacket(t.db, config, limits, { token: draft.token, actorUserId: seed.id, version: draft.version, placement: { chatType: 'group', locale: 'zh' } })
  for (const farmer of farmers) await grabRedPacket(t.db, draft.token, farmer.id)
  const outcomes: Outcome[] = []
  for (const [f, farmer] of farmers.entries()) {
    clock.advance(20_000)
    outcomes.push(await pay(t, { at: clock.now().getTime(), from: farmer, to: collector, amountMinor: 2_000n, pattern: null }, `ring${i}_${f}`))
  }
  return outcomes
}

/** A fresh account (an hour old) gets ¥5,000 and sends ¥4,000 of it on at once. */
async function cashOut(t: TempDatabase, people: WalletUser[], clock: TestClock, i: number, pick: <T>(items: T[]) => T): Promise<Outcome[]> {
  const fresh = await openTestWallet(t.db, `fresh${i}`)
  await t.db.write((tx) => tx.run('UPDATE users SET created_at = ? WHERE id = ?', new Date(clock.now().getTime() - HOUR), fresh.id))
  await topUp(t.db, config, { idempotencyKey: `stolen${i}`, adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: fresh.id, amountMinor: 500_000n })
  clock.advance(60_000)
  return [await pay(t, { at: clock.now().getTime(), from: fresh, to: pick(people), amountMinor: 400_000n, pattern: null }, `cashout${i}`)]
}

async function pay(t: TempDatabase, payment: Payment, idempotencyKey: string): Promise<Outcome> {
  try {
    const receipt = await transfer(t.db, config, { idempotencyKey, fromUserId: payment.from.id, toUserId: payment.to.id, amountMinor: payment.amountMinor })
    return receipt.held ? 'interrupted' : 'ok'
  } catch (error) {
    await recordRiskRefusal(t.db, error)
    const code = (error as { code?: string }).code
    // Password-free amounts are far above every payment here: only risk asks for the password.
    return code === 'PASSWORD_REQUIRED' || code === 'RISK_BLOCKED' ? 'interrupted' : 'other'
  }
}

function report(outcomes: Map<string, Outcome[]>, takeovers: number): void {
  const ordinary = outcomes.get('ordinary') ?? []
  const interrupted = ordinary.filter((o) => o === 'interrupted').length
  const patterns = [...outcomes.entries()].filter(([name]) => name !== 'ordinary')
  const caught = (prefix: string) => {
    const of = patterns.filter(([name]) => name.startsWith(prefix))
    return { caught: of.filter(([, o]) => o.includes('interrupted')).length, of: of.length }
  }
  console.log(`fraud: ${PEOPLE} people, ${DAYS} days, ${ordinary.length} ordinary payments, ${patterns.length} injected patterns (${takeovers} takeovers, 10 rings, 20 cash-outs)`)
  for (const [label, prefix] of [['account takeovers caught', 'takeover'], ['farming rings caught', 'ring'], ['new-account cash-outs caught', 'cashout']] as const) {
    const { caught: n, of } = caught(prefix)
    row(label, `${n} / ${of}`)
  }
  const takeoverRuns = patterns.filter(([name]) => name.startsWith('takeover')).map(([, o]) => Math.max(0, o.indexOf('interrupted')))
  row('takeover payments through before the catch (mean of 12)', (takeoverRuns.reduce((a, b) => a + b, 0) / Math.max(1, takeoverRuns.length)).toFixed(1))
  const all = caught('')
  const caughtShare = all.caught / all.of
  const interruptedShare = interrupted / ordinary.length
  row('share of injected patterns caught', `${(caughtShare * 100).toFixed(1)}%  (target ≥ 90%: ${caughtShare >= 0.9 ? 'met' : 'not met'})`)
  row('share of ordinary payments interrupted', `${(interruptedShare * 100).toFixed(2)}%  (${interrupted}; target ≤ 1%: ${interruptedShare <= 0.01 ? 'met' : 'not met'})`)
  row('ordinary payments refused for other reasons', String(ordinary.filter((o) => o === 'other').length))
}

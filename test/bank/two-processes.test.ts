import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import type { BankCardDeps } from '../../core/bank/cards.js'
import { prepareOperation, SUBMIT_GRACE_MS } from '../../core/bank/funding.js'
import type { BankOperationKind } from '../../core/bank/operations.js'
import { reconcileDay } from '../../core/bank/reconcile.js'
import { resolvePendingOperations } from '../../core/bank/resolve.js'
import { asNumber } from '../../core/db/port.js'
import { dayOf } from '../../core/security/authorize.js'
import { entryTargets } from '../../core/security/password-entry.js'
import { getBalance } from '../../core/wallet/balance.js'
import { topUp } from '../../core/wallet/topup.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { TEST_CARDS } from '../../bot/sandbox-bank/test-cards.js'
import { bankCustomer, bindTestCard, typePin } from '../helpers/bank-customer.js'
import { ADMIN_TELEGRAM_ID, ENGINE, tempDatabase, TestClock, testConfig, type TempDatabase } from '../helpers/db.js'
import { SANDBOX_API_KEY, startSandboxBank, type RunningSandboxBank } from '../helpers/sandbox-bank.js'
import { inSeparateProcesses, startWorker } from '../helpers/two-processes.js'

const config = testConfig()

/*
 * Top-ups and withdrawals confirmed from real processes on one database, through the sandbox
 * bank over HTTP: two processes pressing Confirm on the same operations at once, and a
 * process killed while the bank is still answering. The clock is frozen and shared (workers
 * get its reading), the bank's included, so the job's checks fall due when the test says.
 */
describe(`bank operations across processes (${ENGINE})`, () => {
  let t: TempDatabase
  let clock: TestClock
  let bank: RunningSandboxBank
  let owner: WalletUser
  let cards: BankCardDeps
  let cardToken: string
  const startBank = async (latencyMs: number) => {
    bank = await startSandboxBank({ clock, latencyMs, gatewayTimeoutMs: 10_000 })
    ;({ owner, cards } = await bankCustomer(t.db, bank.gateway))
    cardToken = await bindTestCard(cards, owner.id, TEST_CARDS.normal, (binding) => bank.codeFor(binding))
  }
  beforeEach(async () => {
    clock = new TestClock(new Date('2026-12-03T04:00:00Z'))
    t = await tempDatabase({ clock })
  })
  afterEach(async () => {
    expect((await audit(t.db)).ok).toBe(true)
    await bank.stop()
    await t.dispose()
  })

  /** Prepared and with the password given, ready for Confirm. */
  async function ready(kind: BankOperationKind, amountMinor: bigint): Promise<string> {
    const { token } = await prepareOperation({ db: t.db, config }, { userId: owner.id, cardToken, kind, amountMinor })
    await typePin(t.db, { userId: owner.id, purpose: 'bank_operation', target: entryTargets.bankOperation(token) })
    return token
  }
  const bankJob = { bankUrl: '', apiKey: SANDBOX_API_KEY }
  const statuses = () => t.db.read(async (tx) => (await tx.all<{ status: string }>('SELECT status FROM bank_operations ORDER BY id')).map((row) => row.status))
  const postings = () =>
    t.db.read(async (tx) => Object.fromEntries((await tx.all<{ kind: string; n: unknown }>(`SELECT kind, COUNT(*) AS n FROM postings WHERE kind <> 'topup' GROUP BY kind ORDER BY kind`)).map((row) => [row.kind, asNumber(row.n)])))
  const reconcile = () => reconcileDay({ db: t.db, bank: bank.gateway, timeZone: config.timeZone, currency: 'CNY', adminUserIds: [] }, dayOf(clock.now(), config.timeZone))

  it('ten top-ups and ten withdrawals confirmed by two processes at once: each moves its money once, and the day reconciles', async () => {
    await startBank(20)
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: owner.id, amountMinor: 500_00n })
    const tokens: string[] = []
    for (let i = 0; i < 10; i++) tokens.push(await ready('topup', 10_00n), await ready('withdrawal', 30_00n))
    const job = { kind: 'bankConfirms' as const, nowMs: clock.now().getTime(), userId: owner.id, ...bankJob, bankUrl: bank.url }
    const [first, second] = await inSeparateProcesses(t.url, [{ ...job, tokens }, { ...job, tokens: [...tokens].reverse() }])
    // Each press answers with the operation as it stands: settled, or still with the bank for
    // the other process's press. Neither fails.
    for (const outcome of [...first!, ...second!]) expect(['succeeded', 'submitting']).toContain(outcome)
    expect(await statuses()).toEqual(tokens.map(() => 'succeeded'))
    expect(await postings()).toEqual({ bank_topup: 10, withdrawal_hold: 10, withdrawal_payout: 10 })
    expect((await getBalance(t.db, owner.id, 'CNY')).balanceMinor).toBe(500_00n + 10n * 10_00n - 10n * 30_00n)
    expect(await reconcile()).toMatchObject({ matched: 20, breaks: [] })
  })

  it('a process killed while the bank is answering: the job settles every operation it left, once, as the bank has it', async () => {
    await startBank(2_000) // long enough for the three confirms to be in flight at once, even on a busy machine
    const tokens = [await ready('topup', 12_00n), await ready('topup', 34_00n), await ready('topup', 56_00n)]
    const worker = startWorker(t.url, { kind: 'bankConfirms', nowMs: clock.now().getTime(), userId: owner.id, tokens, ...bankJob, bankUrl: bank.url })
    const killed = worker.done.catch((error: Error) => error.message)
    await worker.ready
    worker.go()
    await expect.poll(statuses, { timeout: 10_000 }).toEqual(['submitting', 'submitting', 'submitting'])
    worker.child.kill('SIGKILL') // the calls are in flight: the bank will act on them, the worker never hears
    expect(await killed).toMatch(/SIGKILL/)

    clock.advance(SUBMIT_GRACE_MS)
    // The bank acts on the calls the killed process left in flight; the job asks about each
    // (the resend of one the bank never got is the model test's) — here from this process and
    // another at once, as two leaders for a moment would — and settles it once.
    const [elsewhere] = await Promise.all([
      inSeparateProcesses(t.url, [{ kind: 'bankResolve', nowMs: clock.now().getTime(), runs: 2, ...bankJob, bankUrl: bank.url }]),
      resolvePendingOperations({ db: t.db, bank: bank.gateway, config }),
    ])
    expect(elsewhere).toHaveLength(1)
    // Whatever is still open is asked about again once its next check falls due.
    const resolveLater = async () => {
      clock.advance(30 * 60_000)
      await resolvePendingOperations({ db: t.db, bank: bank.gateway, config })
      return statuses()
    }
    await expect.poll(resolveLater, { timeout: 15_000 }).toEqual(['succeeded', 'succeeded', 'succeeded'])
    expect(await postings()).toEqual({ bank_topup: 3 })
    expect((await getBalance(t.db, owner.id, 'CNY')).balanceMinor).toBe(12_00n + 34_00n + 56_00n)
    expect(await reconcile()).toMatchObject({ matched: 3, breaks: [] })
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import { listCards, unbindCard, type BankCardDeps } from '../../core/bank/cards.js'
import { confirmOperation, prepareOperation, SUBMIT_GRACE_MS, type FundingDeps } from '../../core/bank/funding.js'
import type { BankOperationKind } from '../../core/bank/operations.js'
import { reconcileDay } from '../../core/bank/reconcile.js'
import { resolvePendingOperations } from '../../core/bank/resolve.js'
import { dayOf, spendingOn } from '../../core/security/authorize.js'
import { entryTargets, type EntryRequest } from '../../core/security/password-entry.js'
import { getBalance } from '../../core/wallet/balance.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { TEST_CARDS } from '../../bot/sandbox-bank/test-cards.js'
import { bankCustomer, bindTestCard, typePin as typeTestPin } from '../helpers/bank-customer.js'
import { ENGINE, openTestWallet, tempDatabase, TestClock, testConfig, type TempDatabase } from '../helpers/db.js'
import { SANDBOX_API_KEY, startSandboxBank, type RunningSandboxBank } from '../helpers/sandbox-bank.js'
import { HttpBankGateway } from '../../bot/bank/http-gateway.js'
import { checkBackoffMs } from '../../core/bank/settle.js'

const config = testConfig()
const HANG_MS = 120_000

describe(`top-ups and withdrawals through the sandbox bank (${ENGINE})`, () => {
  let t: TempDatabase
  let clock: TestClock
  let bank: RunningSandboxBank
  let cards: BankCardDeps
  let funding: FundingDeps
  let owner: WalletUser
  beforeEach(async () => {
    clock = new TestClock(new Date('2026-12-03T04:00:00Z'))
    t = await tempDatabase({ clock })
    bank = await startSandboxBank({ clock, hangMs: HANG_MS })
    ;({ owner, cards } = await bankCustomer(t.db, bank.gateway))
    funding = { db: t.db, bank: bank.gateway, config }
  })
  afterEach(async () => {
    expect((await audit(t.db)).ok).toBe(true)
    await bank.stop()
    await t.dispose()
  })

  const typePin = (request: EntryRequest) => typeTestPin(t.db, request)
  const bind = (number: string) => bindTestCard(cards, owner.id, number, (binding) => bank.codeFor(binding))
  async function move(kind: BankOperationKind, cardToken: string, amountMinor: bigint) {
    const prepared = await prepareOperation(funding, { userId: owner.id, cardToken, kind, amountMinor })
    await typePin({ userId: owner.id, purpose: 'bank_operation', target: entryTargets.bankOperation(prepared.token) })
    return { prepared, done: await confirmOperation(funding, owner.id, prepared.token) }
  }
  const balance = async () => (await getBalance(t.db, owner.id, 'CNY')).balanceMinor
  const systemBalance = async (kind: string) => {
    const row = await t.db.read((tx) => tx.get<{ balance_minor: unknown }>('SELECT balance_minor FROM accounts WHERE code = ?', `system:${kind}:CNY`))
    return row ? BigInt(String(row.balance_minor)) : 0n
  }
  const postingsOf = (kind: string) => t.db.read(async (tx) => (await tx.all('SELECT id FROM postings WHERE kind = ?', kind)).length)
  const notices = () => t.db.read((tx) => tx.all<{ type: string; data: string }>(`SELECT type, data FROM outbox WHERE type = 'bank_operation_settled' ORDER BY id`))

  it('tops up from a card: the bank charges it once, the wallet is credited once', async () => {
    const card = await bind(TEST_CARDS.normal)
    const { done } = await move('topup', card, 100_00n)
    expect(done).toMatchObject({ status: 'succeeded', amountMinor: 100_00n, feeMinor: 0n, balanceAfterMinor: 100_00n, card: { last4: '1234', bankCode: 'CMB' } })
    expect(await balance()).toBe(100_00n)
    expect(await systemBalance('bank_settlement')).toBe(-100_00n)
    // Pressed again: the operation as it stands, nothing charged or credited twice.
    expect(await confirmOperation(funding, owner.id, done.token)).toMatchObject({ status: 'succeeded' })
    expect(await postingsOf('bank_topup')).toBe(1)
    // Told once, committed with the money: a process killed before the card is edited still tells.
    expect((await notices()).map((notice) => JSON.parse(notice.data) as { status: string; amountMinor: string })).toEqual([expect.objectContaining({ status: 'succeeded', amountMinor: '10000' })])
  })

  it('asks for the password of exactly this operation, and refuses someone else\'s', async () => {
    const card = await bind(TEST_CARDS.normal)
    const prepared = await prepareOperation(funding, { userId: owner.id, cardToken: card, kind: 'topup', amountMinor: 50_00n })
    await expect(confirmOperation(funding, owner.id, prepared.token)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
    const other = await openTestWallet(t.db, 'other')
    await expect(confirmOperation(funding, other.id, prepared.token)).rejects.toMatchObject({ code: 'BANK_OPERATION_NOT_FOUND' })
    await expect(prepareOperation(funding, { userId: other.id, cardToken: card, kind: 'topup', amountMinor: 50_00n })).rejects.toMatchObject({ code: 'BANK_CARD_NOT_FOUND' })
    clock.advance(6 * 60_000)
    await typePin({ userId: owner.id, purpose: 'bank_operation', target: entryTargets.bankOperation(prepared.token) })
    await expect(confirmOperation(funding, owner.id, prepared.token)).rejects.toMatchObject({ code: 'BANK_OPERATION_EXPIRED' })
    expect(await balance()).toBe(0n)
  })

  it('posts nothing for a declined card, and says why', async () => {
    const declined = await bind(TEST_CARDS.declined)
    expect((await move('topup', declined, 10_00n)).done).toMatchObject({ status: 'declined', declineReason: 'card_declined' })
    const poor = await bind(TEST_CARDS.insufficientFunds)
    expect((await move('topup', poor, 10_00n)).done).toMatchObject({ status: 'declined', declineReason: 'insufficient_funds' })
    expect(await balance()).toBe(0n)
    expect(await postingsOf('bank_topup')).toBe(0)
  })

  it('withdraws the first ¥1,000 free, then charges 0.1% (at least ¥0.10) on top, into the fee account', async () => {
    const card = await bind(TEST_CARDS.normal)
    await move('topup', card, 2_000_00n)
    const free = await move('withdrawal', card, 800_00n)
    expect(free.prepared.feeMinor).toBe(0n)
    expect(free.done).toMatchObject({ status: 'succeeded', feeMinor: 0n })
    // ¥200 of the allowance is left: of ¥300, ¥100 pays 0.1% = ¥0.10.
    const charged = await move('withdrawal', card, 300_00n)
    expect(charged.prepared.feeMinor).toBe(10n)
    expect(charged.done.status).toBe('succeeded')
    const large = await move('withdrawal', card, 800_00n)
    expect(large.prepared.feeMinor).toBe(80n) // 0.1% of ¥800
    expect(await balance()).toBe(2_000_00n - 800_00n - 300_10n - 800_80n)
    expect(await systemBalance('fees')).toBe(90n)
    expect(await systemBalance('bank_settlement')).toBe(-2_000_00n + 800_00n + 300_00n + 800_00n)
    expect(await systemBalance('withdrawal_escrow')).toBe(0n)
  })

  it('refuses a withdrawal whose fee changed after its card showed it', async () => {
    const card = await bind(TEST_CARDS.normal)
    await move('topup', card, 2_000_00n)
    const first = await prepareOperation(funding, { userId: owner.id, cardToken: card, kind: 'withdrawal', amountMinor: 900_00n })
    const second = await prepareOperation(funding, { userId: owner.id, cardToken: card, kind: 'withdrawal', amountMinor: 900_00n })
    expect([first.feeMinor, second.feeMinor]).toEqual([0n, 0n])
    await typePin({ userId: owner.id, purpose: 'bank_operation', target: entryTargets.bankOperation(first.token) })
    await confirmOperation(funding, owner.id, first.token)
    await typePin({ userId: owner.id, purpose: 'bank_operation', target: entryTargets.bankOperation(second.token) })
    await expect(confirmOperation(funding, owner.id, second.token)).rejects.toMatchObject({ code: 'WITHDRAWAL_FEE_CHANGED' })
    expect(await balance()).toBe(1_100_00n)
  })

  it('keeps a top-up the bank did not answer pending, and credits it once the job learns it succeeded', async () => {
    const card = await bind(TEST_CARDS.hangThenSuccess)
    const { done } = await move('topup', card, 66_00n)
    expect(done.status).toBe('pending')
    expect(await balance()).toBe(0n)
    clock.advance(SUBMIT_GRACE_MS)
    expect(await resolvePendingOperations(funding)).toBe(0) // the bank is still deciding
    clock.advance(HANG_MS)
    expect(await resolvePendingOperations(funding)).toBe(1)
    expect(await balance()).toBe(66_00n)
    expect(await resolvePendingOperations(funding)).toBe(0)
    const told = await notices()
    expect(told).toHaveLength(1)
    expect(JSON.parse(told[0]!.data)).toMatchObject({ kind: 'topup', status: 'succeeded', amountMinor: '6600', last4: '0091', balanceAfterMinor: '6600' })
  })

  it('returns a withdrawal the bank failed after a timeout, fee, free allowance and its place in the daily limit with it', async () => {
    const good = await bind(TEST_CARDS.normal)
    await move('topup', good, 2_000_00n)
    const spentToday = async () => (await t.db.read((tx) => spendingOn(tx, owner.id, dayOf(clock.now(), config.timeZone)))).spentMinor
    const spentBefore = await spentToday()
    const hanging = await bind(TEST_CARDS.hangThenDecline)
    const { done } = await move('withdrawal', hanging, 1_500_00n)
    expect(done).toMatchObject({ status: 'pending', feeMinor: 50n }) // ¥500 beyond the allowance
    expect(await balance()).toBe(500_00n - 50n)
    expect(await systemBalance('withdrawal_escrow')).toBe(1_500_50n)
    expect(await spentToday()).toBe(spentBefore + 1_500_50n)
    clock.advance(HANG_MS + SUBMIT_GRACE_MS)
    expect(await resolvePendingOperations(funding)).toBe(1)
    expect(await balance()).toBe(2_000_00n)
    expect(await systemBalance('withdrawal_escrow')).toBe(0n)
    expect((await notices()).map((notice) => JSON.parse(notice.data) as object)).toEqual([expect.objectContaining({ kind: 'topup', status: 'succeeded' }), expect.objectContaining({ kind: 'withdrawal', status: 'declined', reason: 'card_declined' })])
    // The day's limit no longer counts it, and the allowance came back: ¥1,000 withdraws free again.
    expect(await spentToday()).toBe(spentBefore)
    expect((await prepareOperation(funding, { userId: owner.id, cardToken: good, kind: 'withdrawal', amountMinor: 1_000_00n })).feeMinor).toBe(0n)
  })

  it('keeps a top-up pending when a slow bank answers after the timeout, and credits what the bank did once', async () => {
    await bank.stop()
    bank = await startSandboxBank({ clock, hangMs: HANG_MS, latencyMs: 300 })
    cards.bank = funding.bank = bank.gateway
    const card = await bind(TEST_CARDS.normal)
    const impatient = { ...funding, bank: new HttpBankGateway(bank.url, SANDBOX_API_KEY, 50) }
    const prepared = await prepareOperation(funding, { userId: owner.id, cardToken: card, kind: 'topup', amountMinor: 88_00n })
    await typePin({ userId: owner.id, purpose: 'bank_operation', target: entryTargets.bankOperation(prepared.token) })
    expect(await confirmOperation(impatient, owner.id, prepared.token)).toMatchObject({ status: 'pending' })
    expect(await balance()).toBe(0n)
    clock.advance(checkBackoffMs(0))
    expect(await resolvePendingOperations(funding)).toBe(1)
    expect(await balance()).toBe(88_00n)
    expect(await postingsOf('bank_topup')).toBe(1)
  })

  it('will not unbind a card while a withdrawal through it waits for the bank, and will once it settled', async () => {
    const good = await bind(TEST_CARDS.normal)
    await move('topup', good, 100_00n)
    const hanging = await bind(TEST_CARDS.hangThenSuccess)
    expect((await move('withdrawal', hanging, 60_00n)).done).toMatchObject({ status: 'pending' })
    const unbindTarget = { userId: owner.id, purpose: 'unbind_card' as const, target: entryTargets.unbindCard(hanging) }
    await typePin(unbindTarget)
    await expect(unbindCard(cards, owner.id, hanging)).rejects.toMatchObject({ code: 'BANK_CARD_BUSY' })
    clock.advance(HANG_MS + SUBMIT_GRACE_MS)
    expect(await resolvePendingOperations(funding)).toBe(1)
    expect(await balance()).toBe(40_00n)
    await unbindCard(cards, owner.id, hanging)
    expect((await listCards(t.db, owner.id)).map((card) => card.token)).toEqual([good])
  })

  it('sends again, under the same key, an operation the bank never received (the process died mid-call)', async () => {
    const card = await bind(TEST_CARDS.normal)
    const prepared = await prepareOperation(funding, { userId: owner.id, cardToken: card, kind: 'topup', amountMinor: 12_34n })
    await typePin({ userId: owner.id, purpose: 'bank_operation', target: entryTargets.bankOperation(prepared.token) })
    // The confirm's unit committed, then nothing: as if the process died before the call.
    const dying = { ...funding, bank: { ...bank.gateway, charge: () => new Promise<never>(() => undefined) } as unknown as FundingDeps['bank'] }
    void confirmOperation(dying, owner.id, prepared.token)
    await expect.poll(async () => (await t.db.read((tx) => tx.get<{ status: string }>('SELECT status FROM bank_operations WHERE token = ?', prepared.token)))!.status).toBe('submitting')
    expect(await resolvePendingOperations(funding)).toBe(0) // within the grace: the call may still answer
    clock.advance(SUBMIT_GRACE_MS)
    expect(await resolvePendingOperations(funding)).toBe(1)
    expect(await balance()).toBe(12_34n)
    expect(await postingsOf('bank_topup')).toBe(1)
  })

  it('reconciles a day clean, then reports a payout the bank made that the ledger does not know', async () => {
    const card = await bind(TEST_CARDS.normal)
    await move('topup', card, 500_00n)
    await move('withdrawal', card, 200_00n)
    const today = dayOf(clock.now(), config.timeZone)
    const clean = await reconcileDay({ db: t.db, bank: bank.gateway, timeZone: config.timeZone, currency: 'CNY', adminUserIds: [owner.id] }, today)
    expect(clean).toMatchObject({ matched: 2, breaks: [] })
    const injected = await fetch(`${bank.url}/sandbox/payouts`, { method: 'POST', headers: { authorization: 'Bearer sandbox-test-key' }, body: JSON.stringify({ amountMinor: '777', currency: 'CNY' }) })
    const { operationId } = (await injected.json()) as { operationId: string }
    const broken = await reconcileDay({ db: t.db, bank: bank.gateway, timeZone: config.timeZone, currency: 'CNY', adminUserIds: [owner.id] }, today)
    expect(broken.breaks).toEqual([{ kind: 'missing_in_ledger', operationId, direction: 'payout', ledgerMinor: null, bankMinor: '777' }])
    const kept = await t.db.read((tx) => tx.all<{ status: string }>('SELECT status FROM reconciliations WHERE day = ?', today))
    expect(kept.map((row) => row.status)).toEqual(['breaks'])
  })
})

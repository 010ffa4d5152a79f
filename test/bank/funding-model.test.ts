import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import { confirmOperation, expireOperations, OPERATION_TTL_MS, prepareOperation, SUBMIT_GRACE_MS, type FundingDeps } from '../../core/bank/funding.js'
import type { BankGateway, BankOutcome, BindingConfirmation, BindingStart, MoneyRequest, StatementLine } from '../../core/bank/gateway.js'
import type { BankOperationKind, BankOperationStatus } from '../../core/bank/operations.js'
import { resolvePendingOperations } from '../../core/bank/resolve.js'
import { noticeKeys } from '../../core/common/keys.js'
import type { Database } from '../../core/db/database.js'
import { asBigint, asNumber } from '../../core/db/port.js'
import { isDomainError } from '../../core/errors.js'
import { entryTargets } from '../../core/security/password-entry.js'
import { getBalance } from '../../core/wallet/balance.js'
import { TEST_CARDS } from '../../bot/sandbox-bank/test-cards.js'
import { bankCustomer, bindTestCard, typePin } from '../helpers/bank-customer.js'
import { ENGINE, tempDatabase, TestClock, testConfig, type TempDatabase } from '../helpers/db.js'

const config = testConfig()
const CODE = '135790'

/*
 * What the bank does with one charge or payout that reaches it (or would have): answers
 * at once, decides later (`slow`: pending at the bank), never gets it (`lost-request`), or
 * decides and the answer is lost on the way back (`lost-answer-*`). The bank is the truth
 * the ledger must end up agreeing with, whatever the wire did.
 */
const BEHAVIOURS = ['ok', 'decline', 'slow', 'lost-request', 'lost-answer-ok', 'lost-answer-decline'] as const
type Behaviour = (typeof BEHAVIOURS)[number]

type BankStatus = 'pending' | 'succeeded' | 'declined'
interface BankRecord {
  kind: BankOperationKind
  amountMinor: bigint
  agreementId: string
  status: BankStatus
}

/** The process died mid-call: the error that stops the caller before the answer is recorded. */
class Crash extends Error {}

/**
 * A bank with its own books, driven by a script fast-check writes: each money call takes
 * the next behaviour, each query the next "answers or not". An operation id the bank has
 * recorded is never recorded again; a repeat gets the recorded outcome (the idempotency a
 * real bank gives), unless the script loses that answer too.
 */
class ScriptedBank implements BankGateway {
  readonly books = new Map<string, BankRecord>()
  /** Money calls that reached the bank, per operation: a duplicate press must add none. */
  readonly calls = new Map<string, number>()
  /** What the bank saw that no correct wallet sends: checked empty at the end. */
  readonly complaints: string[] = []
  /** From now on every call is answered and queries tell the truth (the end of a run). */
  healed = false
  #bindings = 0

  constructor(
    private readonly moneyScript: Behaviour[],
    private readonly queryScript: boolean[],
  ) {}

  async startBinding(): Promise<BindingStart> {
    this.#bindings += 1
    return { status: 'code_sent', bindingId: `binding-${this.#bindings}`, expiresAt: new Date('9999-01-01T00:00:00Z') }
  }
  async confirmBinding(request: { bindingId: string; code: string }): Promise<BindingConfirmation> {
    return request.code === CODE ? { status: 'bound', agreementId: `agreement-${request.bindingId}` } : { status: 'code_wrong', triesLeft: 2 }
  }
  async unbind(): Promise<void> {}
  async statement(): Promise<StatementLine[]> {
    return []
  }
  charge(request: MoneyRequest): Promise<BankOutcome> {
    return this.money('topup', request)
  }
  payout(request: MoneyRequest): Promise<BankOutcome> {
    return this.money('withdrawal', request)
  }
  async query(operationId: string): Promise<BankOutcome> {
    const answers = this.healed || (this.queryScript.shift() ?? true)
    if (!answers) throw new Error('query timed out')
    const record = this.books.get(operationId)
    return record ? outcomeOf(operationId, record) : { status: 'not_found' }
  }

  /** The bank makes up its mind about what it left pending. */
  decide(operationId: string, succeeds: boolean): void {
    const record = this.books.get(operationId)
    if (record?.status === 'pending') record.status = succeeds ? 'succeeded' : 'declined'
  }
  pendingIds(): string[] {
    return [...this.books].filter(([, record]) => record.status === 'pending').map(([id]) => id)
  }

  private async money(kind: BankOperationKind, request: MoneyRequest): Promise<BankOutcome> {
    const behaviour: Behaviour = this.healed ? 'ok' : (this.moneyScript.shift() ?? 'ok')
    if (behaviour === 'lost-request') throw new Error('connection refused')
    this.calls.set(request.operationId, (this.calls.get(request.operationId) ?? 0) + 1)
    const known = this.books.get(request.operationId)
    if (known) {
      if (known.kind !== kind || known.amountMinor !== request.amountMinor || known.agreementId !== request.agreementId) this.complaints.push(`${request.operationId} resent with other terms`)
    } else {
      const status: BankStatus = behaviour === 'slow' ? 'pending' : behaviour === 'decline' || behaviour === 'lost-answer-decline' ? 'declined' : 'succeeded'
      this.books.set(request.operationId, { kind, amountMinor: request.amountMinor, agreementId: request.agreementId, status })
    }
    if (behaviour === 'lost-answer-ok' || behaviour === 'lost-answer-decline') throw new Error('socket hang up')
    return outcomeOf(request.operationId, this.books.get(request.operationId)!)
  }
}

function outcomeOf(operationId: string, record: BankRecord): BankOutcome {
  if (record.status === 'succeeded') return { status: 'succeeded', bankReference: `ref-${operationId}` }
  if (record.status === 'declined') return { status: 'declined', reason: record.kind === 'topup' ? 'insufficient_funds' : 'card_declined' }
  return { status: 'pending' }
}

/**
 * The same database and bank, but the process dies right after its next call to the bank:
 * every write from then on throws, so the bank's answer (if any) is never recorded.
 */
function dyingDeps(deps: FundingDeps): FundingDeps {
  let dead = false
  // A dead process calls nobody: only its first bank call goes out.
  const die = <T>(call: () => Promise<T>) => (dead ? Promise.reject(new Crash('the process died')) : call().finally(() => (dead = true)))
  const bank: BankGateway = {
    startBinding: (request) => deps.bank.startBinding(request),
    confirmBinding: (request) => deps.bank.confirmBinding(request),
    unbind: (agreementId) => deps.bank.unbind(agreementId),
    statement: (day) => deps.bank.statement(day),
    charge: (request) => die(() => deps.bank.charge(request)),
    payout: (request) => die(() => deps.bank.payout(request)),
    query: (operationId) => die(() => deps.bank.query(operationId)),
  }
  const db = new Proxy(deps.db, {
    get(target, property, receiver) {
      if (property === 'write') return (...args: Parameters<Database['write']>) => (dead ? Promise.reject(new Crash('the process died')) : target.write(...args))
      return Reflect.get(target, property, receiver) as unknown
    },
  })
  return { ...deps, db, bank }
}

type Command =
  | { type: 'move'; kind: BankOperationKind; amountMinor: bigint; crash: boolean; percentOfBalance: number | null }
  | { type: 'prepare'; kind: BankOperationKind; amountMinor: bigint }
  | { type: 'confirmLate'; pick: number }
  | { type: 'pressAgain'; pick: number }
  | { type: 'resolve'; crash: boolean }
  | { type: 'advance'; ms: number }
  | { type: 'expire' }
  | { type: 'bankDecides'; pick: number; succeeds: boolean }

const kindArb = fc.constantFrom<BankOperationKind>('topup', 'topup', 'withdrawal')
// Up to ¥600: a few withdrawals use up the ¥1,000 free allowance and start paying the fee.
const amountArb = fc.bigInt({ min: 1n, max: 600_00n })
// One step in four dies mid-call: often enough to meet every state a crash can leave behind.
const crashArb = fc.integer({ min: 0, max: 3 }).map((n) => n === 0)
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 6,
    // A withdrawal sized to the balance (up to all of it, when the fee no longer fits) meets escrow's edge.
    arbitrary: fc.record({ type: fc.constant('move' as const), kind: kindArb, amountMinor: amountArb, crash: crashArb, percentOfBalance: fc.option(fc.integer({ min: 1, max: 100 }), { freq: 2 }) }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('prepare' as const), kind: kindArb, amountMinor: amountArb }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('confirmLate' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('pressAgain' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('resolve' as const), crash: crashArb }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('advance' as const), ms: fc.integer({ min: 1_000, max: 3_600_000 }) }) },
  { weight: 1, arbitrary: fc.constant({ type: 'expire' as const }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('bankDecides' as const), pick: fc.nat(), succeeds: fc.boolean() }) },
)
const scenarioArb = fc.record({
  commands: fc.array(commandArb, { minLength: 6, maxLength: 30 }),
  moneyScript: fc.array(fc.constantFrom(...BEHAVIOURS), { maxLength: 40 }),
  queryScript: fc.array(fc.boolean(), { maxLength: 30 }),
  // How the bank finally decides what it still had pending when the wire heals.
  lateSuccess: fc.boolean(),
})
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never

/** Refusals a person can meet on these paths: not a failure of the flows. */
const EXPECTED_REFUSALS = new Set(['INSUFFICIENT_FUNDS', 'BANK_OPERATION_EXPIRED', 'WITHDRAWAL_FEE_CHANGED', 'PASSWORD_REQUIRED'])

interface OperationRow {
  token: string
  kind: BankOperationKind
  status: BankOperationStatus
  amountMinor: bigint
  feeMinor: bigint
  freeMinor: bigint
  holdId: number | null
}

describe(`top-ups and withdrawals against a scripted bank and a reference model (${ENGINE})`, () => {
  it('ends with every operation settled as the bank has it, the money moved once, and the books clean', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => runScenario(scenario)),
      { numRuns: 25 },
    )
  }, 120_000)
})

async function runScenario(scenario: Scenario): Promise<void> {
  const clock = new TestClock(new Date('2026-12-03T04:00:00Z'))
  const t = await tempDatabase({ clock })
  try {
    const bank = new ScriptedBank([...scenario.moneyScript], [...scenario.queryScript])
    const world = await openWorld(t, clock, bank)
    await fundWallet(world, 2_000_00n)
    for (const command of scenario.commands) {
      await refusalsAllowed(() => step(world, command))
      await expectEscrowedBalance(world)
    }
    await healAndSettle(world, scenario.lateSuccess)
    await expectAgreesWithBank(world)
  } finally {
    await t.dispose()
  }
}

interface World {
  t: TempDatabase
  clock: TestClock
  bank: ScriptedBank
  deps: FundingDeps
  userId: number
  cardToken: string
  /** Every operation prepared, in order. */
  tokens: string[]
}

async function openWorld(t: TempDatabase, clock: TestClock, bank: ScriptedBank): Promise<World> {
  const { owner, cards } = await bankCustomer(t.db, bank)
  return { t, clock, bank, deps: { db: t.db, bank, config }, userId: owner.id, cardToken: await bindTestCard(cards, owner.id, TEST_CARDS.normal, () => CODE), tokens: [] }
}

/** A first top-up the wire does not touch, so that withdrawals have money to move from the start. */
async function fundWallet(world: World, amountMinor: bigint): Promise<void> {
  world.bank.healed = true
  await step(world, { type: 'move', kind: 'topup', amountMinor, crash: false, percentOfBalance: null })
  world.bank.healed = false
}

async function refusalsAllowed(run: () => Promise<void>): Promise<void> {
  try {
    await run()
  } catch (error) {
    if (error instanceof Crash) return
    if (isDomainError(error) && EXPECTED_REFUSALS.has(error.code)) return
    throw error
  }
}

async function step(world: World, command: Command): Promise<void> {
  const { deps, userId } = world
  switch (command.type) {
    case 'move': {
      const token = await prepare(world, command.kind, await amountFor(world, command))
      await typePin(deps.db, { userId, purpose: 'bank_operation', target: entryTargets.bankOperation(token) })
      await confirmOperation(command.crash ? dyingDeps(deps) : deps, userId, token)
      return
    }
    case 'prepare':
      await prepare(world, command.kind, command.amountMinor)
      return
    case 'confirmLate': {
      const token = pick(world.tokens, command.pick)
      if (!token) return
      await typePin(deps.db, { userId, purpose: 'bank_operation', target: entryTargets.bankOperation(token) })
      await confirmOperation(deps, userId, token)
      return
    }
    case 'pressAgain':
      return pressAgain(world, pick(world.tokens, command.pick))
    case 'resolve':
      await resolvePendingOperations(command.crash ? dyingDeps(deps) : deps)
      return
    case 'advance':
      world.clock.advance(command.ms)
      return
    case 'expire':
      await expireOperations(deps.db)
      return
    case 'bankDecides': {
      const id = pick(world.bank.pendingIds(), command.pick)
      if (id) world.bank.decide(id, command.succeeds)
      return
    }
  }
}

async function prepare(world: World, kind: BankOperationKind, amountMinor: bigint): Promise<string> {
  const prepared = await prepareOperation(world.deps, { userId: world.userId, cardToken: world.cardToken, kind, amountMinor })
  world.tokens.push(prepared.token)
  return prepared.token
}

async function amountFor(world: World, command: Extract<Command, { type: 'move' }>): Promise<bigint> {
  if (command.kind === 'topup' || command.percentOfBalance === null) return command.amountMinor
  const shareMinor = ((await balanceOf(world)) * BigInt(command.percentOfBalance)) / 100n
  return shareMinor > 0n ? shareMinor : command.amountMinor
}

const pick = <T>(items: T[], index: number): T | undefined => (items.length === 0 ? undefined : items[index % items.length])

/** A second press of a confirmed operation shows it as it stands: nothing is sent, nothing moves. */
async function pressAgain(world: World, token: string | undefined): Promise<void> {
  if (!token) return
  const before = (await operationRows(world)).find((row) => row.token === token)!
  if (before.status === 'awaiting_password') return // not confirmed yet: no press to repeat
  const callsBefore = world.bank.calls.get(token) ?? 0
  const shown = await confirmOperation(world.deps, world.userId, token)
  expect(shown.status).toBe(before.status)
  expect(world.bank.calls.get(token) ?? 0).toBe(callsBefore)
}

/**
 * Between steps: the wallet holds what succeeded top-ups brought in, less every withdrawal
 * that is in escrow or paid (amount and fee); a declined one came back whole.
 */
async function expectEscrowedBalance(world: World): Promise<void> {
  let expectedMinor = 0n
  for (const row of await operationRows(world)) {
    if (row.kind === 'topup' && row.status === 'succeeded') expectedMinor += row.amountMinor
    if (row.kind === 'withdrawal' && ['submitting', 'pending', 'succeeded'].includes(row.status)) expectedMinor -= row.amountMinor + row.feeMinor
  }
  expect(await balanceOf(world)).toBe(expectedMinor)
}

/**
 * The wire heals and the bank decides what it left pending; the jobs then run as a server
 * would, the clock moving past every backoff, until nothing is left open (bounded: a flow
 * that never settles fails the run instead of looping).
 */
async function healAndSettle(world: World, lateSuccess: boolean): Promise<void> {
  world.bank.healed = true
  for (const id of world.bank.pendingIds()) world.bank.decide(id, lateSuccess)
  for (let round = 0; round < 10; round++) {
    world.clock.advance(Math.max(OPERATION_TTL_MS, SUBMIT_GRACE_MS) + 30 * 60_000)
    await expireOperations(world.deps.db)
    await resolvePendingOperations(world.deps, 500)
    if ((await operationRows(world)).every((row) => !['awaiting_password', 'submitting', 'pending'].includes(row.status))) return
  }
  throw new Error(`operations still open: ${JSON.stringify((await operationRows(world)).filter((row) => row.status !== 'succeeded' && row.status !== 'declined' && row.status !== 'expired').map((row) => row.status))}`)
}

async function expectAgreesWithBank(world: World): Promise<void> {
  const rows = await operationRows(world)
  const { bank } = world
  expect(bank.complaints).toEqual([])
  expect(rows.map((row) => row.token).sort()).toEqual([...world.tokens].sort())
  // Nothing reaches the bank that the wallet does not know of, and nothing the bank has is sent
  // again: a resend happens only after the bank said it never got it.
  for (const id of bank.books.keys()) expect(world.tokens).toContain(id)
  for (const [id, calls] of bank.calls) expect({ id, calls }).toEqual({ id, calls: 1 })

  let expectedMinor = 0n
  for (const row of rows) {
    const atBank = bank.books.get(row.token)
    expect(['succeeded', 'declined', 'expired']).toContain(row.status)
    // Ours is the bank's: succeeded here exactly when succeeded there, declined likewise; an
    // operation the bank never recorded never succeeded with us, and one never confirmed never reached it.
    if (row.status === 'expired') expect(atBank).toBeUndefined()
    else expect({ token: row.token, status: atBank?.status }).toEqual({ token: row.token, status: row.status })
    if (atBank?.status === 'succeeded') expectedMinor += row.kind === 'topup' ? atBank.amountMinor : -(atBank.amountMinor + row.feeMinor)
  }
  expect(await balanceOf(world)).toBe(expectedMinor)

  const succeeded = (kind: BankOperationKind) => rows.filter((row) => row.kind === kind && row.status === 'succeeded')
  const declinedWithdrawals = rows.filter((row) => row.kind === 'withdrawal' && row.status === 'declined')
  for (const row of declinedWithdrawals) expect(row.holdId).not.toBeNull()
  const expectedPostings: Record<string, number> = {
    bank_topup: succeeded('topup').length,
    withdrawal_hold: succeeded('withdrawal').length + declinedWithdrawals.length,
    withdrawal_payout: succeeded('withdrawal').length,
    withdrawal_fee: succeeded('withdrawal').filter((row) => row.feeMinor > 0n).length,
    withdrawal_return: declinedWithdrawals.length,
  }
  expect(await postingCounts(world)).toEqual(Object.fromEntries(Object.entries(expectedPostings).filter(([, count]) => count > 0)))

  // The free allowance is what the paid withdrawals used; a declined one gave its share back.
  expect(await freeUsedOf(world)).toBe(succeeded('withdrawal').reduce((sum, row) => sum + row.freeMinor, 0n))
  // And the daily limit counts (over all days the clock crossed) only the withdrawals paid out.
  expect(await spentOf(world)).toBe(succeeded('withdrawal').reduce((sum, row) => sum + row.amountMinor + row.feeMinor, 0n))

  const settled = rows.filter((row) => row.status === 'succeeded' || row.status === 'declined')
  const notices = await settledNotices(world)
  expect(notices.map((notice) => notice.dedupeKey).sort()).toEqual(settled.map((row) => noticeKeys.bankOperationSettled(row.token)).sort())
  for (const row of settled) expect(notices.find((notice) => notice.dedupeKey === noticeKeys.bankOperationSettled(row.token))?.status).toBe(row.status)

  const report = await audit(world.t.db)
  expect(report.checks.filter((check) => !check.ok)).toEqual([])
  expect(report.ok).toBe(true)
}

function operationRows(world: World): Promise<OperationRow[]> {
  return world.t.db.read(async (tx) =>
    (await tx.all<Record<string, unknown>>('SELECT token, kind, status, amount_minor, fee_minor, free_allowance_minor, hold_id FROM bank_operations WHERE user_id = ? ORDER BY id', world.userId)).map((row) => ({
      token: row.token as string,
      kind: row.kind as BankOperationKind,
      status: row.status as BankOperationStatus,
      amountMinor: asBigint(row.amount_minor),
      feeMinor: asBigint(row.fee_minor),
      freeMinor: asBigint(row.free_allowance_minor),
      holdId: row.hold_id === null ? null : asNumber(row.hold_id),
    })),
  )
}

async function balanceOf(world: World): Promise<bigint> {
  return (await getBalance(world.t.db, world.userId, 'CNY')).balanceMinor
}

function postingCounts(world: World): Promise<Record<string, number>> {
  return world.t.db.read(async (tx) => Object.fromEntries((await tx.all<{ kind: string; n: unknown }>('SELECT kind, COUNT(*) AS n FROM postings GROUP BY kind')).map((row) => [row.kind, asNumber(row.n)])))
}

async function freeUsedOf(world: World): Promise<bigint> {
  const row = await world.t.db.read((tx) => tx.get<{ used: unknown }>('SELECT withdrawal_free_used_minor AS used FROM users WHERE id = ?', world.userId))
  return asBigint(row!.used)
}

async function spentOf(world: World): Promise<bigint> {
  const row = await world.t.db.read((tx) => tx.get<{ spent: unknown }>('SELECT COALESCE(SUM(spent_minor), 0) AS spent FROM daily_spending WHERE user_id = ?', world.userId))
  return asBigint(row!.spent)
}

function settledNotices(world: World): Promise<Array<{ dedupeKey: string; status: string }>> {
  return world.t.db.read(async (tx) =>
    (await tx.all<{ dedupe_key: string; data: string }>(`SELECT dedupe_key, data FROM outbox WHERE type = 'bank_operation_settled' ORDER BY id`)).map((row) => ({
      dedupeKey: row.dedupe_key,
      status: (JSON.parse(row.data) as { status: string }).status,
    })),
  )
}

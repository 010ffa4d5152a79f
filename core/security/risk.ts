import { asBigint, asDate, asNumber, asNumberOrNull, type Tx } from '../db/port.js'

/*
 * Risk control (风险控制): explainable rules over the payer's own recent activity, evaluated
 * first in the authorization step of every debit. Each rule that fires names itself and
 * what it asks for; the strongest action wins:
 *  - step_up: the payment password even below the password-free amounts;
 *  - hold: the password, and then the money waits in escrow for an admin's review
 *    (review.ts) — for a flow whose payee can wait (a transfer); any other flow is refused;
 *  - block: the payment is refused, with the rules that stopped it.
 * The facts come from one indexed read of the wallet's latest journal entries (the payment
 * being authorized excluded), summed up by the database; the payees and the kinds of those
 * entries' postings only when a rule that needs them could fire; the recipient's recent
 * income only when the payer is a fresh account living on red-packet grabs (the farming
 * pattern).
 */

export type RiskAction = 'allow' | 'step_up' | 'hold' | 'block'

export type RiskRule = 'wrong_passwords' | 'velocity' | 'amount_velocity' | 'new_account' | 'unusual_amount' | 'new_recipients' | 'farming'

export interface RiskDecision {
  action: RiskAction
  /** The rules that fired, each with the action it asked for. */
  reasons: Array<{ rule: RiskRule; action: Exclude<RiskAction, 'allow'> }>
}

/** Tunable thresholds (the wallet's configuration; defaults below). */
export interface RiskRules {
  /** Wrong password entries since the last right one that make every payment ask for it. */
  wrongPasswords: number
  /** Payments out within `velocityWindowMs`: from `velocityStepUp` the password, from `velocityBlock` a refusal. */
  velocityWindowMs: number
  velocityStepUp: number
  velocityBlock: number
  /** Money out within an hour (this payment included) above which the password is asked (minor units, as every `…Minor`), and above `hourlyHoldMinor` held for review. */
  hourlyAmountMinor: bigint
  hourlyHoldMinor: bigint
  /** An account younger than this is new: above `newAccountStepUpMinor` the password, above `newAccountBlockMinor` a refusal. */
  newAccountMs: number
  newAccountStepUpMinor: bigint
  newAccountBlockMinor: bigint
  /**
   * With at least `historyPayments` payments behind it, a payment this many times the largest
   * of them, and above `unusualMinMinor`, asks for the password; `unusualHoldMultiple` times
   * it, it is held for review.
   */
  historyPayments: number
  unusualMultiple: number
  unusualHoldMultiple: number
  unusualMinMinor: bigint
  /** This many different new payees within an hour ask for the password. */
  newRecipients: number
  /** A new account whose income is mostly red-packet grabs, paying someone who got money from this many new accounts in a day: refused (a farming ring). */
  farmingSources: number
}

export const DEFAULT_RISK_RULES: RiskRules = {
  wrongPasswords: 3,
  velocityWindowMs: 10 * 60_000,
  velocityStepUp: 8,
  velocityBlock: 25,
  hourlyAmountMinor: 500_000n,
  hourlyHoldMinor: 2_000_000n,
  newAccountMs: 24 * 3_600_000,
  newAccountStepUpMinor: 100_000n,
  newAccountBlockMinor: 300_000n,
  historyPayments: 5,
  unusualMultiple: 10,
  unusualHoldMultiple: 50,
  unusualMinMinor: 50_000n,
  newRecipients: 5,
  farmingSources: 5,
}

export interface RiskSubject {
  userId: number
  walletAccountId: number
  postingId: number
  /** Who gets the money when it is one known wallet (a transfer): the farming rule's collector. */
  payeeAccountId: number | null
  amountMinor: bigint
  accountCreatedAt: Date
  passwordFailures: number
}

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
/**
 * How many of the wallet's latest entries the rules look at. Written into the SQL, not bound:
 * SQLite plans a statement whose LIMIT is a bound value again on every run (it costs as
 * much as the read itself).
 */
const LOOK_BACK = 100

export async function assessRisk(tx: Tx, rules: RiskRules, subject: RiskSubject): Promise<RiskDecision> {
  const now = tx.now.getTime()
  const recent = await recentFacts(tx, rules, subject, now)
  const reasons: RiskDecision['reasons'] = []
  const fire = (rule: RiskRule, action: Exclude<RiskAction, 'allow'>) => reasons.push({ rule, action })
  const largeBy = (multiple: number) => amount > recent.largestMinor * BigInt(multiple)
  const amount = subject.amountMinor

  if (subject.passwordFailures >= rules.wrongPasswords) fire('wrong_passwords', 'step_up')
  const inWindow = recent.paymentsInWindow + 1
  if (inWindow >= rules.velocityBlock) fire('velocity', 'block')
  else if (inWindow >= rules.velocityStepUp) fire('velocity', 'step_up')
  const lastHourMinor = recent.lastHourMinor + amount
  if (lastHourMinor > rules.hourlyHoldMinor) fire('amount_velocity', 'hold')
  else if (lastHourMinor > rules.hourlyAmountMinor) fire('amount_velocity', 'step_up')
  const isNew = now - subject.accountCreatedAt.getTime() < rules.newAccountMs
  if (isNew && amount > rules.newAccountBlockMinor) fire('new_account', 'block')
  else if (isNew && amount > rules.newAccountStepUpMinor) fire('new_account', 'step_up')
  if (recent.payments >= rules.historyPayments && amount > rules.unusualMinMinor && largeBy(rules.unusualMultiple)) {
    fire('unusual_amount', largeBy(rules.unusualHoldMultiple) ? 'hold' : 'step_up')
  }
  // Payees and the kinds of postings cost rows of their own: read only when the rule could
  // fire (no more new payees than payments in the hour; no grabs without any income).
  if (recent.lastHour + 1 >= rules.newRecipients && (await newRecipientsInLastHour(tx, subject, recent, now)) + 1 >= rules.newRecipients) fire('new_recipients', 'step_up')
  if (isNew && subject.payeeAccountId !== null && recent.incoming > 0 && (await livesOnGrabs(tx, subject, recent)) && (await fedByNewAccounts(tx, rules, subject))) {
    fire('farming', 'block')
  }
  return { action: strongest(reasons), reasons }
}

const STRENGTH: RiskAction[] = ['allow', 'step_up', 'hold', 'block']

function strongest(reasons: RiskDecision['reasons']): RiskAction {
  let index = 0
  for (const reason of reasons) index = Math.max(index, STRENGTH.indexOf(reason.action))
  return STRENGTH[index]!
}

/** What the rules need of the look-back: the wallet's latest LOOK_BACK entries, the payment being authorized excluded. */
interface RecentFacts {
  /**
   * The oldest entry in the look-back (null when empty): the later reads of this unit start
   * there. A transfer is authorized before its debit locks the wallet's row, so on PostgreSQL
   * a payment committed in between may join them: a rule then counts one payment more, which
   * only ever asks more of this payment, never less.
   */
  oldestId: number | null
  incoming: number
  payments: number
  paymentsInWindow: number
  lastHour: number
  lastHourMinor: bigint
  /** The largest payment out, 0 without any. */
  largestMinor: bigint
}

/**
 * Summed up by the database from the entries alone, in one row: the look-back is most of the
 * authorization step's cost, and a row per entry (joined to its transfer and its posting,
 * each a B-tree seek, then a JavaScript object) cost more than the payment's own posting.
 */
async function recentFacts(tx: Tx, rules: RiskRules, subject: RiskSubject, now: number): Promise<RecentFacts> {
  // `now - at < window` as `at > now - window`; a window longer than 1970 reaches every entry.
  const since = (ms: number) => new Date(Math.max(now - ms, 0))
  const hourAgo = since(HOUR_MS)
  const row = await tx.get<Record<string, unknown>>(
    `SELECT MIN(id) AS oldest_id, COUNT(CASE WHEN amount_minor > 0 THEN 1 END) AS incoming, COUNT(CASE WHEN amount_minor < 0 THEN 1 END) AS payments,
       COUNT(CASE WHEN amount_minor < 0 AND created_at > ? THEN 1 END) AS in_window, COUNT(CASE WHEN amount_minor < 0 AND created_at > ? THEN 1 END) AS last_hour,
       CAST(COALESCE(SUM(CASE WHEN amount_minor < 0 AND created_at > ? THEN -amount_minor END), 0) AS BIGINT) AS last_hour_minor,
       COALESCE(MAX(CASE WHEN amount_minor < 0 THEN -amount_minor END), 0) AS largest_minor
     FROM (SELECT id, amount_minor, created_at FROM entries
           WHERE account_id = ? AND transfer_id NOT IN (SELECT id FROM transfers WHERE posting_id = ?) ORDER BY id DESC LIMIT ${LOOK_BACK}) recent`,
    since(rules.velocityWindowMs),
    hourAgo,
    hourAgo,
    subject.walletAccountId,
    subject.postingId,
  )
  return {
    oldestId: asNumberOrNull(row?.oldest_id),
    incoming: asNumber(row?.incoming ?? 0),
    payments: asNumber(row?.payments ?? 0),
    paymentsInWindow: asNumber(row?.in_window ?? 0),
    lastHour: asNumber(row?.last_hour ?? 0),
    lastHourMinor: asBigint(row?.last_hour_minor ?? 0),
    largestMinor: asBigint(row?.largest_minor ?? 0),
  }
}

/** Payees paid (by transfer) in the last hour whom the look-back shows no earlier payment to. */
async function newRecipientsInLastHour(tx: Tx, subject: RiskSubject, recent: RecentFacts, now: number): Promise<number> {
  const rows = await tx.all<{ created_at: unknown; credit_account_id: unknown }>(
    `SELECT e.created_at, t.credit_account_id FROM entries e JOIN transfers t ON t.id = e.transfer_id JOIN postings p ON p.id = t.posting_id
     WHERE e.account_id = ? AND e.id >= ? AND e.amount_minor < 0 AND t.posting_id <> ? AND p.kind = 'transfer'`,
    subject.walletAccountId,
    recent.oldestId,
    subject.postingId,
  )
  const earlier = new Set<number>()
  const lastHour = new Set<number>()
  for (const row of rows) (now - asDate(row.created_at).getTime() < HOUR_MS ? lastHour : earlier).add(asNumber(row.credit_account_id))
  let fresh = 0
  for (const payee of lastHour) if (!earlier.has(payee)) fresh++
  return fresh
}

/**
 * Most of what came in was grabbed from red packets: at least one grab, and at most a fifth
 * of the incoming entries anything else (which, with any income at all, leaves a grab).
 * Asks only whether there is one such other too many, newest first, so an account paid in
 * any ordinary way costs a row or two. OFFSET is bound, unlike LIMIT (see LOOK_BACK).
 */
async function livesOnGrabs(tx: Tx, subject: RiskSubject, recent: RecentFacts): Promise<boolean> {
  const others = await tx.get(
    `SELECT e.id FROM entries e JOIN transfers t ON t.id = e.transfer_id JOIN postings p ON p.id = t.posting_id
     WHERE e.account_id = ? AND e.id >= ? AND e.amount_minor > 0 AND t.posting_id <> ? AND p.kind <> 'red_packet_grab' ORDER BY e.id DESC LIMIT 1 OFFSET ?`,
    subject.walletAccountId,
    recent.oldestId,
    subject.postingId,
    Math.floor(recent.incoming / 5),
  )
  return others === undefined
}

/** With this payment, the payee got money from at least `farmingSources` new accounts in a day (this payer is one: the rule asks it to be new). */
async function fedByNewAccounts(tx: Tx, rules: RiskRules, subject: RiskSubject): Promise<boolean> {
  const since = new Date(tx.now.getTime() - DAY_MS)
  const others = await tx.get<{ n: unknown }>(
    `SELECT COUNT(DISTINCT a.user_id) AS n FROM transfers t
     JOIN accounts a ON a.id = t.debit_account_id JOIN users u ON u.id = a.user_id
     WHERE t.credit_account_id = ? AND t.created_at >= ? AND u.created_at >= ? AND a.user_id <> ?`,
    subject.payeeAccountId,
    since,
    new Date(tx.now.getTime() - rules.newAccountMs),
    subject.userId,
  )
  return asNumber(others?.n ?? 0) + 1 >= rules.farmingSources
}

import { asBigint, asDate, asNumber, type Tx } from '../db/port.js'

/*
 * Risk control (风险控制): explainable rules over the payer's own recent activity, evaluated
 * first in the authorization step of every debit. Each rule that fires names itself and
 * what it asks for; the strongest action wins:
 *  - step_up: the payment password even below the password-free amounts;
 *  - block: the payment is refused, with the rules that stopped it.
 * Holding a payment for an admin's review is not built yet.
 * The facts come from one indexed read of the wallet's latest journal entries (the payment
 * being authorized excluded), plus the recipient's recent income only when the payer is a
 * fresh account living on red-packet grabs (the farming pattern): nothing more on the common
 * path.
 */

export type RiskAction = 'allow' | 'step_up' | 'block'

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
  /** Money out within an hour (this payment included) above which the password is asked (minor units, as every `…Minor`). */
  hourlyAmountMinor: bigint
  /** An account younger than this is new: above `newAccountStepUpMinor` the password, above `newAccountBlockMinor` a refusal. */
  newAccountMs: number
  newAccountStepUpMinor: bigint
  newAccountBlockMinor: bigint
  /** With at least `historyPayments` payments behind it, a payment this many times the largest of them, and above `unusualMinMinor`, asks for the password. */
  historyPayments: number
  unusualMultiple: number
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
  newAccountMs: 24 * 3_600_000,
  newAccountStepUpMinor: 100_000n,
  newAccountBlockMinor: 300_000n,
  historyPayments: 5,
  unusualMultiple: 10,
  unusualMinMinor: 50_000n,
  newRecipients: 5,
  farmingSources: 5,
}

export interface RiskSubject {
  userId: number
  walletAccountId: number
  postingId: number
  amountMinor: bigint
  accountCreatedAt: Date
  passwordFailures: number
}

interface Recent {
  amountMinor: bigint
  at: Date
  kind: string
  counterpartyAccountId: number
}

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
/** How many of the wallet's latest entries the rules look at. */
const LOOK_BACK = 100

export async function assessRisk(tx: Tx, rules: RiskRules, subject: RiskSubject): Promise<RiskDecision> {
  const recent = await recentEntries(tx, subject)
  const now = tx.now.getTime()
  const reasons: RiskDecision['reasons'] = []
  const fire = (rule: RiskRule, action: Exclude<RiskAction, 'allow'>) => reasons.push({ rule, action })
  const out = recent.filter((entry) => entry.amountMinor < 0n)
  const amount = subject.amountMinor

  if (subject.passwordFailures >= rules.wrongPasswords) fire('wrong_passwords', 'step_up')
  const inWindow = out.filter((entry) => now - entry.at.getTime() < rules.velocityWindowMs).length + 1
  if (inWindow >= rules.velocityBlock) fire('velocity', 'block')
  else if (inWindow >= rules.velocityStepUp) fire('velocity', 'step_up')
  const lastHour = out.filter((entry) => now - entry.at.getTime() < HOUR_MS)
  if (lastHour.reduce((sum, entry) => sum - entry.amountMinor, amount) > rules.hourlyAmountMinor) fire('amount_velocity', 'step_up')
  const isNew = now - subject.accountCreatedAt.getTime() < rules.newAccountMs
  if (isNew && amount > rules.newAccountBlockMinor) fire('new_account', 'block')
  else if (isNew && amount > rules.newAccountStepUpMinor) fire('new_account', 'step_up')
  if (out.length >= rules.historyPayments && amount > rules.unusualMinMinor) {
    const largest = out.reduce((max, entry) => (-entry.amountMinor > max ? -entry.amountMinor : max), 0n)
    if (amount > largest * BigInt(rules.unusualMultiple)) fire('unusual_amount', 'step_up')
  }
  if (newRecipientsInLastHour(out, now) + 1 >= rules.newRecipients) fire('new_recipients', 'step_up')
  if (isNew && livesOnGrabs(recent) && (await recipientFedByNewAccounts(tx, rules, subject))) fire('farming', 'block')

  const action = reasons.some((r) => r.action === 'block') ? 'block' : reasons.length ? 'step_up' : 'allow'
  return { action, reasons }
}

async function recentEntries(tx: Tx, subject: RiskSubject): Promise<Recent[]> {
  const rows = await tx.all<Record<string, unknown>>(
    `SELECT e.amount_minor, e.created_at, p.kind, t.debit_account_id, t.credit_account_id
     FROM entries e JOIN transfers t ON t.id = e.transfer_id JOIN postings p ON p.id = t.posting_id
     WHERE e.account_id = ? AND t.posting_id <> ? ORDER BY e.id DESC LIMIT ?`,
    subject.walletAccountId,
    subject.postingId,
    LOOK_BACK,
  )
  return rows.map((row) => {
    const amountMinor = asBigint(row.amount_minor)
    return {
      amountMinor,
      at: asDate(row.created_at),
      kind: row.kind as string,
      counterpartyAccountId: asNumber(amountMinor < 0n ? row.credit_account_id : row.debit_account_id),
    }
  })
}

/** Payees paid in the last hour whom the look-back shows no earlier payment to. */
function newRecipientsInLastHour(out: Recent[], now: number): number {
  const transfers = out.filter((entry) => entry.kind === 'transfer')
  const earlier = new Set(transfers.filter((entry) => now - entry.at.getTime() >= HOUR_MS).map((entry) => entry.counterpartyAccountId))
  return new Set(transfers.filter((entry) => now - entry.at.getTime() < HOUR_MS && !earlier.has(entry.counterpartyAccountId)).map((entry) => entry.counterpartyAccountId)).size
}

/** Most of what came in was grabbed from red packets. */
function livesOnGrabs(recent: Recent[]): boolean {
  const incoming = recent.filter((entry) => entry.amountMinor > 0n)
  const grabbed = incoming.filter((entry) => entry.kind === 'red_packet_grab')
  return grabbed.length > 0 && grabbed.length * 5 >= incoming.length * 4
}

/** The payee (this payment's other side) got money from at least `farmingSources` new accounts in a day. */
async function recipientFedByNewAccounts(tx: Tx, rules: RiskRules, subject: RiskSubject): Promise<boolean> {
  const row = await tx.get<{ credit_account_id: unknown }>('SELECT credit_account_id FROM transfers WHERE posting_id = ? LIMIT 1', subject.postingId)
  if (!row) return false
  const since = new Date(tx.now.getTime() - DAY_MS)
  const fresh = await tx.get<{ n: unknown }>(
    `SELECT COUNT(DISTINCT a.user_id) AS n FROM transfers t
     JOIN accounts a ON a.id = t.debit_account_id JOIN users u ON u.id = a.user_id
     WHERE t.credit_account_id = ? AND t.created_at >= ? AND u.created_at >= ?`,
    asNumber(row.credit_account_id),
    since,
    new Date(tx.now.getTime() - rules.newAccountMs),
  )
  return asNumber(fresh?.n ?? 0) >= rules.farmingSources
}

/**
 * A second process on the same database, for tests that race two processes: it opens the
 * database from DATABASE_URL, waits for "go" on stdin (so both processes start together),
 * runs one job with every operation in flight at once, prints a JSON line of outcomes
 * (`ok` or the refusal's code per operation) and exits.
 *
 *   tsx test/helpers/core-worker.ts '<job as JSON>'
 *
 * Jobs: transfers from one payer to many payees (under a daily limit when given); grabs of
 * one red packet by many users; the red-packet expiry run a few times; wrong payment password
 * checks; confirms of prepared bank operations, and the job that resolves pending ones,
 * against a bank gateway at `bankUrl`; all at a fixed clock reading when `nowMs` is given.
 */
import { createInterface } from 'node:readline'
import { isDomainError } from '../../core/errors.js'
import { openDatabase } from '../../core/db/database.js'
import { expireRedPackets, grabRedPacket } from '../../core/redpacket/packets.js'
import { transfer } from '../../core/wallet/transfer.js'
import { checkPassword, PasswordHasher } from '../../core/security/password.js'
import { confirmOperation } from '../../core/bank/funding.js'
import { resolvePendingOperations } from '../../core/bank/resolve.js'
import { HttpBankGateway } from '../../bot/bank/http-gateway.js'
import { TEST_PEPPER, testConfig } from './db.js'

export type WorkerJob =
  | { kind: 'transfers'; nowMs?: number; fromUserId: number; toUserIds: number[]; amountMinor: string; keyPrefix: string; sameKey?: boolean; dailyLimitMinor?: string }
  | { kind: 'grabs'; nowMs?: number; token: string; userIds: number[] }
  | { kind: 'expire'; nowMs?: number; runs: number }
  | { kind: 'passwordChecks'; nowMs?: number; userId: number; pin: string; checks: number }
  | { kind: 'bankConfirms'; nowMs?: number; userId: number; tokens: string[]; bankUrl: string; apiKey: string }
  | { kind: 'bankResolve'; nowMs?: number; runs: number; bankUrl: string; apiKey: string }

const job = JSON.parse(process.argv[2]!) as WorkerJob
const clock = job.nowMs === undefined ? undefined : { now: () => new Date(job.nowMs!) }
const db = await openDatabase({ url: process.env.DATABASE_URL!, clock, migrate: false })

const outcome = (work: Promise<unknown>) =>
  work.then(
    () => 'ok',
    (error) => (isDomainError(error) ? error.code : `error: ${(error as Error).message}`),
  )

function run(): Promise<unknown[]> {
  const config = testConfig(job.kind === 'transfers' && job.dailyLimitMinor ? { dailyLimitMinor: BigInt(job.dailyLimitMinor) } : {})
  if (job.kind === 'transfers') {
    return Promise.all(
      job.toUserIds.map((toUserId, i) =>
        outcome(
          transfer(db, config, {
            idempotencyKey: job.sameKey ? job.keyPrefix : `${job.keyPrefix}${i}`,
            fromUserId: job.fromUserId,
            toUserId,
            amountMinor: BigInt(job.amountMinor),
          }),
        ),
      ),
    )
  }
  if (job.kind === 'passwordChecks') {
    const hasher = new PasswordHasher(TEST_PEPPER)
    const { userId, pin } = job
    return Promise.all(Array.from({ length: job.checks }, () => outcome(checkPassword(db, hasher, config.passwordLock, userId, pin))))
  }
  if (job.kind === 'bankConfirms' || job.kind === 'bankResolve') {
    const funding = { db, config, bank: new HttpBankGateway(job.bankUrl, job.apiKey, 5_000) }
    if (job.kind === 'bankResolve') return Promise.all(Array.from({ length: job.runs }, () => resolvePendingOperations(funding)))
    const { userId } = job
    return Promise.all(job.tokens.map((token) => confirmOperation(funding, userId, token).then((operation) => operation.status, (error: unknown) => outcome(Promise.reject(error)))))
  }
  if (job.kind === 'grabs') return Promise.all(job.userIds.map((userId) => outcome(grabRedPacket(db, job.token, userId))))
  return Promise.all(Array.from({ length: job.runs }, () => expireRedPackets(db).then((expired) => expired.length)))
}

console.log('ready')
await new Promise<void>((resolve) => {
  const input = createInterface({ input: process.stdin })
  input.once('line', () => {
    input.close()
    process.stdin.destroy() // nothing more to read: let the process end when its work does
    resolve()
  })
})
const results = await run()
console.log(JSON.stringify(results))
await db.close()

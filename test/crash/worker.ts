/**
 * The process that gets killed. It opens the wallet database, makes sure its wallets exist
 * and are funded, then transfers money as fast as it can with many payments in flight, and
 * prints `ACK <key> <fromUserId> <toUserId> <amountMinor>` only after a payment's promise
 * resolved (that is, after its COMMIT returned). It also replays keys it was given from
 * earlier lives, which must change nothing. It never exits by itself: the test SIGKILLs it.
 *
 *   tsx test/crash/worker.ts <databaseUrl> <cycle> <seed> [replayKey:from:to:amount ...]
 */
import { isDomainError } from '../../core/errors.js'
import { openDatabase } from '../../core/db/database.js'
import { topUp } from '../../core/wallet/topup.js'
import { transfer } from '../../core/wallet/transfer.js'
import { openWallet } from '../../core/wallet/users.js'
import { ADMIN_TELEGRAM_ID, testConfig } from '../helpers/db.js'

export const WALLETS = 20
export const FUNDING_MINOR = 100_000n

const [url, cycleArg, seedArg, ...replays] = process.argv.slice(2)
const config = testConfig()
const db = await openDatabase({ url: url! })
let state = Number(seedArg) >>> 0
const random = (n: number) => {
  // mulberry32: a seeded PRNG so a failing cycle can be re-run
  state = (state + 0x6d2b79f5) >>> 0
  let x = Math.imul(state ^ (state >>> 15), 1 | state)
  x ^= x + Math.imul(x ^ (x >>> 7), 61 | x)
  return ((x ^ (x >>> 14)) >>> 0) % n
}

const userIds: number[] = []
for (let i = 0; i < WALLETS; i++) {
  const user = await openWallet(db, { telegramId: BigInt(70_000 + i), firstName: `w${i}` }, 'CNY')
  await topUp(db, config, { idempotencyKey: `fund-${i}`, adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: user.id, amountMinor: FUNDING_MINOR })
  userIds.push(user.id)
}
process.stdout.write('READY\n')

for (const replay of replays) {
  const [key, from, to, amount] = replay.split(':')
  await transfer(db, config, { idempotencyKey: key!, fromUserId: Number(from), toUserId: Number(to), amountMinor: BigInt(amount!) })
  process.stdout.write(`REPLAYED ${key}\n`)
}

let n = 0
async function payer(): Promise<never> {
  for (;;) {
    const key = `c${cycleArg}-${n++}`
    const from = userIds[random(WALLETS)]!
    let to = userIds[random(WALLETS)]!
    if (to === from) to = userIds[(userIds.indexOf(from) + 1) % WALLETS]!
    const amountMinor = BigInt(1 + random(5_000))
    try {
      await transfer(db, config, { idempotencyKey: key, fromUserId: from, toUserId: to, amountMinor })
      process.stdout.write(`ACK ${key} ${from} ${to} ${amountMinor}\n`)
    } catch (error) {
      if (!isDomainError(error, 'INSUFFICIENT_FUNDS')) throw error
    }
  }
}
await Promise.all(Array.from({ length: 16 }, payer))

/**
 * The PostgreSQL baseline: raw `pg` doing the writes the core does for one transfer, each
 * transfer in a transaction of its own on a pooled connection (named, prepared statements,
 * the pool the same size as the core's, the same concurrency), on a database of the same shape.
 */
import pg from 'pg'
import { CURRENCY, drive, MEMO, profile, requestHash, TOP_UP_MINOR, WALLETS, type Planned } from './ledger-plan.js'
import { cpuMicros, seconds, stats } from './stats.js'

export async function runRawPostgres(url: string, plan: Planned[], poolSize: number) {
  const pool = new pg.Pool({ connectionString: url, max: poolSize })
  try {
    const walletIds = await setUp(pool)
    const cpuStart = cpuMicros()
    const started = process.hrtime.bigint()
    const latencies = await drive(plan.length, async (i) => {
      const { from, to, amountMinor } = plan[i]!
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        await post(client, `t-${i}`, 'transfer', MEMO, walletIds[from]!, walletIds[to]!, amountMinor)
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      } finally {
        client.release()
      }
    })
    return stats(latencies, process.hrtime.bigint() - started, cpuStart)
  } finally {
    await pool.end()
  }
}

async function post(client: pg.PoolClient, key: string, kind: string, memo: string | null, debitId: number, creditId: number, amount: bigint): Promise<void> {
  const at = new Date().toISOString()
  const posting = await client.query({
    name: 'raw-posting',
    text: `INSERT INTO postings (idempotency_key, request_hash, kind, memo, actor_telegram_id, hold_id, created_at)
           VALUES ($1, $2, $3, $4, NULL, NULL, $5) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    values: [key, requestHash(kind, memo, debitId, creditId, amount), kind, memo, at],
  })
  if (posting.rowCount !== 1) throw new Error(`key ${key} used twice`)
  const debit = () =>
    client.query({
      name: 'raw-debit',
      text: `UPDATE accounts SET balance_minor = balance_minor - $1
             WHERE id = $2 AND currency = $3 AND (may_go_negative OR balance_minor >= $1) RETURNING balance_minor`,
      values: [amount, debitId, CURRENCY],
    })
  const credit = () =>
    client.query({
      name: 'raw-credit',
      text: 'UPDATE accounts SET balance_minor = balance_minor + $1 WHERE id = $2 AND currency = $3 RETURNING balance_minor',
      values: [amount, creditId, CURRENCY],
    })
  // Row locks in account-id order, as the core takes them: no deadlocks between transfers.
  const [debited, credited] = debitId < creditId ? [await debit(), await credit()] : [await credit(), await debit()].reverse()
  if (debited!.rowCount !== 1 || credited!.rowCount !== 1) throw new Error('baseline ran a wallet dry')
  const transfer = await client.query({
    name: 'raw-transfer',
    text: 'INSERT INTO transfers (posting_id, debit_account_id, credit_account_id, amount_minor, currency, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    values: [posting.rows[0].id, debitId, creditId, amount, CURRENCY, at],
  })
  await client.query({
    name: 'raw-entries',
    text: 'INSERT INTO entries (transfer_id, account_id, amount_minor, balance_after_minor, created_at) VALUES ($1, $2, $3, $4, $5), ($1, $6, $7, $8, $5)',
    values: [transfer.rows[0].id, debitId, -amount, debited!.rows[0].balance_minor, at, creditId, amount, credited!.rows[0].balance_minor],
  })
}

/** The same users and wallets as the core's, funded; not timed. */
async function setUp(pool: pg.Pool): Promise<number[]> {
  const started = process.hrtime.bigint()
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const at = new Date().toISOString()
    const issuance = (
      await client.query(
        `INSERT INTO accounts (code, kind, user_id, currency, balance_minor, may_go_negative, created_at) VALUES ($1, 'issuance', NULL, $2, 0, TRUE, $3) RETURNING id`,
        [`system:issuance:${CURRENCY}`, CURRENCY, at],
      )
    ).rows[0].id as number
    const walletIds: number[] = []
    for (let i = 0; i < WALLETS; i++) {
      const p = profile(i)
      const userId = (
        await client.query('INSERT INTO users (telegram_id, username, first_name, started_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $4, $4) RETURNING id', [
          p.telegramId,
          p.username,
          p.firstName,
          at,
        ])
      ).rows[0].id as number
      const walletId = (
        await client.query(
          `INSERT INTO accounts (code, kind, user_id, currency, balance_minor, may_go_negative, created_at) VALUES ($1, 'wallet', $2, $3, 0, FALSE, $4) RETURNING id`,
          [`wallet:${userId}:${CURRENCY}`, userId, CURRENCY, at],
        )
      ).rows[0].id as number
      await post(client, `topup-${i}`, 'topup', null, issuance, walletId, TOP_UP_MINOR)
      walletIds.push(walletId)
    }
    await client.query('COMMIT')
    console.log(`    setup ${seconds(process.hrtime.bigint() - started)}`)
    return walletIds
  } finally {
    client.release()
  }
}

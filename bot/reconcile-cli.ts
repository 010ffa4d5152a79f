/**
 * `npm run reconcile [-- --day YYYY-MM-DD]`: compares a day's bank-settlement postings (top-ups
 * charged, withdrawals paid out) with the bank's statement of that day (default: yesterday in
 * the wallet's zone), keeps the report, tells the admins (through the outbox: the bot sends
 * it), and prints it as JSON. Exit code 0 for a clean day, 3 when there are breaks, 1 when it
 * could not run (no bank, the bank not answering, bad arguments).
 *
 * On the embedded default the sandbox bank's books are a file beside the database: this
 * command opens them with a sandbox of its own, so it runs while the bot does, or without it.
 */
import { parseArgs } from 'node:util'
import { createCore } from '../core/core.js'
import { openDatabase } from '../core/db/database.js'
import { isDomainError } from '../core/errors.js'
import { connectBank } from './bank/connect.js'
import { previousDay, reconcileForAdmins } from './bank/reconcile-run.js'
import { ConfigError, loadConfig } from './config.js'
import { loadServerKeys } from './server-keys.js'

const { values } = parseArgs({ options: { day: { type: 'string' } } })

let config
let keys
try {
  config = loadConfig(process.env)
  keys = loadServerKeys(process.env, config.databaseUrl)
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.log(JSON.stringify({ error: 'CONFIG', detail: error.problems.join('; ') }))
  process.exit(1)
}
if (values.day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.day)) {
  console.log(JSON.stringify({ error: 'PARAM_ERROR', detail: '--day must be YYYY-MM-DD' }))
  process.exit(1)
}

const bank = await connectBank(config.bank, { databaseUrl: config.databaseUrl, timeZone: config.wallet.timeZone, sms: { send: async () => {} } })
const db = await openDatabase({ url: config.databaseUrl })
const core = createCore({ db, wallet: config.wallet, passwordPepper: keys.passwordPepper, encryptionKeys: keys.encryptionKeys, bank: bank.gateway })
let exitCode = 1
try {
  const report = await reconcileForAdmins(core, values.day ?? previousDay(core))
  console.log(JSON.stringify({ day: report.day, currency: report.currency, status: report.breaks.length ? 'breaks' : 'clean', matched: report.matched, breaks: report.breaks }, null, 2))
  exitCode = report.breaks.length ? 3 : 0
} catch (error) {
  if (!isDomainError(error)) throw error
  console.log(JSON.stringify({ error: error.code }))
} finally {
  await db.close()
  await bank.stop()
}
process.exit(exitCode)

/**
 * Entry point (`npm start`). For now it prepares the database — created and migrated on
 * start — and checks the configuration; the Telegram bot itself is wired in by the next issue.
 */
import { openDatabase } from '../core/db/database.js'
import { DEFAULT_DATABASE_URL } from '../core/db/default-url.js'

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL
const db = openDatabase({ url })
console.log(`database ready at ${url}`)
await db.close()
if (!process.env.BOT_TOKEN) {
  console.error('BOT_TOKEN is not set: create a bot with @BotFather in Telegram, then run BOT_TOKEN=<token> npm start')
  process.exit(1)
}
console.error('The Telegram bot is not wired in yet (see the open issues); the ledger core is ready.')
process.exit(1)

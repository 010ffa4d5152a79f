/**
 * `npm run audit`: checks the ledger's invariants on DATABASE_URL, prints the report, and
 * exits non-zero on any violation. Safe beside a running bot: it only reads, in one snapshot.
 */
import { openDatabase } from '../db/database.js'
import { DEFAULT_DATABASE_URL } from '../db/default-url.js'
import { audit, formatAuditReport } from './auditor.js'

const db = await openDatabase({ url: process.env.DATABASE_URL || DEFAULT_DATABASE_URL })
try {
  const report = await audit(db)
  console.log(formatAuditReport(report))
  process.exitCode = report.ok ? 0 : 1
} finally {
  await db.close()
}

/**
 * The crash drill as a script, for more cycles than the test suite runs:
 *   npm run crash -- 100
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { crashCycles } from './crash-cycles.js'

const cycles = Number(process.argv[2] ?? 50)
const dir = mkdtempSync(path.join(tmpdir(), 'lingqian-crash-'))
let failed = 0
let acked = 0
await crashCycles(`file:${path.join(dir, 'wallet.db')}`, cycles, (r) => {
  acked += r.acked
  const ok = r.missing.length === 0 && r.wrong.length === 0 && r.auditOk
  if (!ok) failed += 1
  console.log(`cycle ${r.cycle}: ${r.acked} acknowledged, ${r.missing.length} missing, ${r.wrong.length} wrong, audit ${r.auditOk ? 'ok' : 'FAILED'}`)
  if (!r.auditOk) console.log(r.auditText)
})
rmSync(dir, { recursive: true, force: true })
console.log(`${cycles} kill -9 cycles, ${acked} acknowledged transfers, ${failed} cycles with a problem`)
process.exit(failed > 0 ? 1 : 0)

/**
 * `npm run bench [-- --only <name>] [--profile]`: runs the benchmarks one after another and
 * prints the machine they ran on first, since numbers without the machine mean little.
 * `--profile` records each bench's whole run with V8's sampling profiler and writes it to
 * `bench-profiles/<name>.cpuprofile` (open it in Chrome DevTools or VS Code); the profiler
 * costs CPU itself, so read figures from a run without it.
 * Each bench is a module exporting one function; add new ones to BENCHES.
 * Exits non-zero if a bench reports a failure (for the ledger: its audit).
 */
import { readFileSync, realpathSync } from 'node:fs'
import os from 'node:os'
import { runBotBench } from './bot.js'
import { CpuProfile, writeProfile } from './profile.js'
import { runBusyLockBench } from './busy-lock.js'
import { runFraudBench } from './fraud.js'
import { runMerchantApiBench } from './merchant-api.js'
import { runQrBench } from './qr.js'
import { runLedgerBench, type BenchResult } from './ledger.js'
import { runRedPacketBench } from './red-packets.js'
import { runSecurityBench } from './security.js'
import { runStatementBench } from './statements.js'

const BENCHES: Array<{ name: string; run: () => Promise<BenchResult> }> = [
  { name: 'ledger', run: runLedgerBench },
  { name: 'bot', run: runBotBench },
  { name: 'red-packets', run: runRedPacketBench },
  { name: 'busy-lock', run: runBusyLockBench },
  { name: 'statements', run: runStatementBench },
  { name: 'security', run: runSecurityBench },
  { name: 'fraud', run: runFraudBench },
  { name: 'qr', run: runQrBench },
  { name: 'merchant-api', run: runMerchantApiBench },
]

function selectedBenches() {
  const args = process.argv.slice(2)
  const at = args.indexOf('--only')
  if (at === -1) return BENCHES
  const name = args[at + 1]
  const found = BENCHES.filter((b) => b.name === name)
  if (found.length === 0) {
    console.error(`unknown bench "${name ?? ''}"; known: ${BENCHES.map((b) => b.name).join(', ')}`)
    process.exit(2)
  }
  return found
}

/** The file system under the temp dir decides what an fsync costs (tmpfs: nothing at all). */
function tempFileSystem(): string {
  try {
    const dir = realpathSync(os.tmpdir())
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' '))
      .filter(([, mountPoint]) => mountPoint && (dir === mountPoint || dir.startsWith(mountPoint.endsWith('/') ? mountPoint : `${mountPoint}/`)))
    // The longest mount point containing the dir is the one it lives on.
    const [device, mountPoint, type] = mounts.sort((a, b) => b[1]!.length - a[1]!.length)[0] ?? []
    return `${dir}: ${type} (${device} on ${mountPoint})`
  } catch {
    return `${os.tmpdir()}: unknown (no /proc/mounts)`
  }
}

function printMachine(): void {
  const cpus = os.cpus()
  console.log(`node ${process.version} on ${os.platform()} ${os.arch()}`)
  console.log(`cpu  ${cpus[0]?.model ?? 'unknown'} × ${cpus.length} cores`)
  console.log(`mem  ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`)
  console.log(`tmp  ${tempFileSystem()}`)
}

const benches = selectedBenches()
const profiling = process.argv.includes('--profile')
const PROFILE_DIR = 'bench-profiles'
printMachine()
let failed = false
for (const bench of benches) {
  console.log(`\n== ${bench.name}`)
  const started = process.hrtime.bigint()
  const profile = profiling ? await CpuProfile.start() : undefined
  const result = await bench.run()
  if (profile) console.log(`== ${bench.name} profile: ${writeProfile(await profile.stop(), PROFILE_DIR, bench.name)}`)
  console.log(`== ${bench.name} ${result.ok ? 'ok' : 'FAILED'} in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`)
  failed ||= !result.ok
}
process.exitCode = failed ? 1 : 0

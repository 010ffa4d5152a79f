import { spawn } from 'node:child_process'
import { randomInt } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { audit, formatAuditReport } from '../../core/audit/auditor.js'
import { openDatabase } from '../../core/db/database.js'

const HERE = path.dirname(fileURLToPath(import.meta.url))

export interface Ack {
  key: string
  fromUserId: number
  toUserId: number
  amountMinor: bigint
}

export interface CycleResult {
  cycle: number
  acked: number
  missing: string[]
  wrong: string[]
  auditOk: boolean
  auditText: string
}

/**
 * One life of the worker: start it, let it pay for a random while once it is ready, SIGKILL
 * it mid-load, then open the database as a restarted process would and check that every
 * acknowledged payment is there exactly as acknowledged, and that the audit passes.
 */
export async function crashCycle(url: string, cycle: number, earlierAcks: Ack[]): Promise<{ result: CycleResult; acks: Ack[] }> {
  const replays = earlierAcks.slice(-5).map((a) => `${a.key}:${a.fromUserId}:${a.toUserId}:${a.amountMinor}`)
  // node itself with tsx's loader, not the tsx CLI: the CLI runs the script in a child
  // process, and a SIGKILL to the CLI would leave that child running.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'worker.ts'), url, String(cycle), String(randomInt(2 ** 31)), ...replays], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const acks: Ack[] = []
  let stderr = ''
  let buffered = ''
  let ready: () => void
  const isReady = new Promise<void>((resolve) => (ready = resolve))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString()
    const lines = buffered.split('\n')
    buffered = lines.pop() ?? ''
    for (const line of lines) {
      if (line === 'READY') ready()
      const [tag, key, from, to, amount] = line.split(' ')
      if (tag === 'ACK') acks.push({ key: key!, fromUserId: Number(from), toUserId: Number(to), amountMinor: BigInt(amount!) })
    }
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  await Promise.race([isReady, exited])
  if (child.exitCode !== null) throw new Error(`worker died before the kill (exit ${child.exitCode}): ${stderr}`)
  await new Promise((resolve) => setTimeout(resolve, 100 + randomInt(600)))
  child.kill('SIGKILL')
  await exited

  const db = await openDatabase({ url })
  try {
    const missing: string[] = []
    const wrong: string[] = []
    for (const ack of acks) {
      const posting = await db.prisma.posting.findUnique({
        where: { idempotencyKey: ack.key },
        include: { transfers: { include: { debitAccount: true, creditAccount: true } } },
      })
      const leg = posting?.transfers[0]
      if (!posting || !leg) missing.push(ack.key)
      else if (posting.transfers.length !== 1 || leg.amountMinor !== ack.amountMinor || leg.debitAccount.userId !== ack.fromUserId || leg.creditAccount.userId !== ack.toUserId) {
        wrong.push(ack.key)
      }
    }
    const report = await audit(db)
    return {
      result: { cycle, acked: acks.length, missing, wrong, auditOk: report.ok, auditText: formatAuditReport(report) },
      acks,
    }
  } finally {
    await db.close()
  }
}

export async function crashCycles(url: string, cycles: number, onCycle?: (r: CycleResult) => void): Promise<CycleResult[]> {
  const results: CycleResult[] = []
  let acks: Ack[] = []
  for (let cycle = 1; cycle <= cycles; cycle++) {
    const { result, acks: newAcks } = await crashCycle(url, cycle, acks)
    acks = [...acks, ...newAcks]
    results.push(result)
    onCycle?.(result)
  }
  return results
}

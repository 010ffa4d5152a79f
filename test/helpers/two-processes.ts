import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { WorkerJob } from './core-worker.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const WORKER = path.join(ROOT, 'test/helpers/core-worker.ts')

export interface Worker {
  child: ChildProcess
  /** Resolves once the worker has opened the database and waits for the word. */
  ready: Promise<void>
  /** Tells it to start its job. */
  go(): void
  /** Its outcomes, once it exited cleanly. */
  done: Promise<unknown[]>
}

/** One job in a process of its own against the database at `url`, started when told. */
export function startWorker(url: string, job: WorkerJob): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(job)], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const lines: string[] = []
  let buffer = ''
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const parts = buffer.split('\n')
      buffer = parts.pop()!
      for (const line of parts) {
        lines.push(line)
        if (line === 'ready') resolve()
      }
    })
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)))
  })
  const done = new Promise<unknown[]>((resolve, reject) =>
    child.once('exit', (code, signal) => {
      const result = lines.find((l) => l.startsWith('['))
      if (code !== 0 || !result) reject(new Error(`worker exited with ${code ?? signal}: ${lines.join('\n')}`))
      else resolve(JSON.parse(result) as unknown[])
    }),
  )
  return { child, ready, go: () => void child.stdin!.write('go\n'), done }
}

/**
 * Runs each job in a process of its own against the database at `url`, started at the same
 * moment (each waits for the word once all are ready), and returns each one's outcomes.
 */
export async function inSeparateProcesses(url: string, jobs: WorkerJob[]): Promise<unknown[][]> {
  const workers = jobs.map((job) => startWorker(url, job))
  await Promise.all(workers.map((worker) => worker.ready))
  for (const worker of workers) worker.go()
  return Promise.all(workers.map((worker) => worker.done))
}

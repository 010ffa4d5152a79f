import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { TEST_TOKEN } from './bot-harness.js'
import { ADMIN_TELEGRAM_ID, TEST_PEPPER, TEST_ENCRYPTION_KEYS } from './db.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface BotProcess {
  child: ChildProcess
  /** Everything it printed so far (JSON log lines). */
  output(): string
  /** Resolves when a log line matches, or rejects after `timeoutMs`. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>
  /** SIGKILL: no shutdown, no flush, as a crash or an OOM kill would. */
  kill(): Promise<void>
  /** SIGTERM, and the exit code of the graceful shutdown. */
  stop(): Promise<number | null>
}

/**
 * The real entry point (`bot/main.ts`) in a process of its own, talking to a fake Bot API
 * over HTTP. Node runs with tsx's loader rather than through the tsx CLI, whose child process
 * would survive a SIGKILL.
 */
export function startBotProcess(options: { apiRoot: string; databaseUrl: string; env?: Record<string, string> }): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bot/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: options.apiRoot,
      DATABASE_URL: options.databaseUrl,
      ADMIN_IDS: String(ADMIN_TELEGRAM_ID),
      PASSWORD_PEPPER: TEST_PEPPER.toString('base64'),
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEYS.current.toString('base64'),
      LOG_LEVEL: 'info',
      WEBHOOK_URL: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const listeners = new Set<() => void>()
  const onData = (chunk: Buffer) => {
    output += chunk
    for (const listener of listeners) listener()
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    child,
    output: () => output,
    waitForLog(pattern, timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return
          listeners.delete(check)
          clearTimeout(timer)
          resolve()
        }
        const timer = setTimeout(() => {
          listeners.delete(check)
          reject(new Error(`no log line matching ${pattern} within ${timeoutMs} ms:\n${output.slice(-3000)}`))
        }, timeoutMs)
        listeners.add(check)
        check()
      })
    },
    async kill() {
      child.kill('SIGKILL')
      await exited
    },
    async stop() {
      child.kill('SIGTERM')
      return exited
    },
  }
}

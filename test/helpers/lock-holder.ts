import { spawn, type ChildProcess } from 'node:child_process'

/**
 * A real second process holding SQLite's write lock on `file` (an admin CLI mid-migration, a
 * second bot) until `release()` is called; release resolves once it has committed and exited.
 */
export async function holdWriteLock(file: string): Promise<{ release(): Promise<void>; process: ChildProcess }> {
  const holder = spawn(
    process.execPath,
    [
      '-e',
      `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('BEGIN IMMEDIATE'); console.log('locked')
       process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0) })`,
      file,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const exited = new Promise<void>((resolve) => holder.once('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    holder.stdout!.once('data', () => resolve())
    holder.once('exit', (code) => reject(new Error(`the lock holder exited early (${code})`)))
  })
  return {
    process: holder,
    async release() {
      holder.stdin!.write('release\n')
      await exited
    },
  }
}

import { DomainError } from '../../errors.js'

const codeOf = (error: unknown): string => String((error as { code?: unknown })?.code ?? '')

/** SQLite's "another connection holds the lock" (SQLITE_BUSY and its extended codes). */
export const isBusy = (error: unknown): boolean => codeOf(error).startsWith('SQLITE_BUSY')

/**
 * The storage failures a person can be told about in plain words, as refusals that say
 * nothing was saved: SQLite rolls the whole transaction back on them, so it is true.
 * Anything else stays the original error (our bug, with its stack).
 */
export function storageRefusal(error: unknown): DomainError | undefined {
  const code = codeOf(error)
  if (code === 'SQLITE_FULL') return new DomainError('STORAGE_FULL')
  if (code.startsWith('SQLITE_READONLY')) return new DomainError('DATABASE_READ_ONLY')
  if (code.startsWith('SQLITE_IOERR')) return new DomainError('STORAGE_FAILED')
  return undefined
}

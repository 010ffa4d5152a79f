import { DomainError } from '../../errors.js'
import { RetryUnit } from '../port.js'

/** Deadlock and serialization failure: the unit is run again, under the same idempotency key. */
const RETRYABLE = new Set(['40001', '40P01'])

export function isRetryable(error: unknown): boolean {
  return error instanceof RetryUnit || RETRYABLE.has(String((error as { code?: unknown })?.code))
}

/** PostgreSQL's storage failures, as the same refusals SQLite's give: nothing was saved. */
export function storageRefusal(error: unknown): DomainError | undefined {
  const code = String((error as { code?: unknown })?.code ?? '')
  if (code === '53100') return new DomainError('STORAGE_FULL') // disk_full
  if (code === '25006') return new DomainError('DATABASE_READ_ONLY') // read_only_sql_transaction
  if (code === 'ECONNREFUSED' || code === '57P01' || code === '57P03' || code === '08006') return new DomainError('STORAGE_FAILED')
  return undefined
}

// Typed readers for API parameters. Values arrive as JSON numbers, or as
// strings when grammY sends multipart; Telegram accepts both, so do we.

import { badRequest } from './errors.js'
import type { Payload } from './parse-request.js'

export function optInt(p: Payload, key: string): number | undefined {
  const v = p[key]
  if (v === undefined || v === null || v === '') return undefined
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN
  if (!Number.isSafeInteger(n)) throw badRequest(`invalid ${key} specified`)
  return n
}

export function reqInt(p: Payload, key: string): number {
  const n = optInt(p, key)
  if (n === undefined) throw badRequest(`${key} is empty`)
  return n
}

export function optString(p: Payload, key: string): string | undefined {
  const v = p[key]
  if (v === undefined || v === null) return undefined
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  throw badRequest(`field "${key}" must be of type String`)
}

export function optBool(p: Payload, key: string): boolean | undefined {
  const v = p[key]
  if (v === undefined || v === null) return undefined
  return v === true || v === 'true' || v === 1 || v === '1'
}

/** An object/array parameter; already decoded from JSON text by parse-request. */
export function optObject<T>(p: Payload, key: string): T | undefined {
  const v = p[key]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'object') throw badRequest(`can't parse ${key} JSON object`)
  return v as T
}

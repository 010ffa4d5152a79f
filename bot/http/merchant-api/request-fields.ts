import { createHash } from 'node:crypto'
import { ApiError } from './api-errors.js'
import { parseRfc3339 } from './wire-ids.js'

/*
 * Reading a request's JSON as WeChat Pay does: a missing or malformed field is 400
 * PARAM_ERROR naming it. Every length and pattern is WeChat Pay's own.
 */

export type Json = Record<string, unknown>

export function parseBody(text: string): Json {
  try {
    const body = JSON.parse(text) as unknown
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Json
  } catch {
    // answered below
  }
  throw new ApiError('PARAM_ERROR', { field: 'body', issue: 'not a JSON object' })
}

export function text(body: Json, field: string, rule: { max: number; pattern?: RegExp; optional?: boolean }): string | null {
  const value = body[field]
  if (value === undefined || value === null || value === '') {
    if (rule.optional) return null
    throw new ApiError('PARAM_ERROR', { field, issue: 'missing' })
  }
  if (typeof value !== 'string' || [...value].length > rule.max || (rule.pattern && !rule.pattern.test(value)) || /[\p{Cc}]/u.test(value)) {
    throw new ApiError('PARAM_ERROR', { field, issue: 'malformed' })
  }
  return value
}

export const required = (body: Json, field: string, rule: { max: number; pattern?: RegExp }) => text(body, field, rule)!

/** A positive whole number of fen (分), as `amount.total` and `amount.refund` are. */
export function minorUnits(amount: Json, field: string, path: string): bigint {
  const value = amount[field]
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw new ApiError('PARAM_ERROR', { field: `${path}.${field}`, issue: 'not a positive integer' })
  return BigInt(value)
}

export function object(body: Json, field: string): Json {
  const value = body[field]
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ApiError('PARAM_ERROR', { field, issue: 'missing' })
  return value as Json
}

export function time(body: Json, field: string): Date | null {
  const value = text(body, field, { max: 64, optional: true })
  if (value === null) return null
  const at = parseRfc3339(value)
  if (!at) throw new ApiError('PARAM_ERROR', { field, issue: 'not an RFC 3339 time' })
  return at
}

/** What makes two requests "the same": their fields, in a fixed order. */
export const requestHash = (fields: unknown[]) => createHash('sha256').update(JSON.stringify(fields)).digest('base64url')

export const OUT_TRADE_NO = /^[0-9A-Za-z_\-*|]{6,32}$/
export const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/
export const TRANSACTION_ID = /^\d{1,32}$/

import { randomBytes } from 'node:crypto'

const TOKEN_BYTES = 12
/** Random bytes are drawn this many tokens at a time: one call to the CSPRNG per 256 tokens. */
const POOL_TOKENS = 256
let pool = Buffer.alloc(0)
let used = 0

/**
 * An unguessable handle for a card, claim link or inline offer: 96 random bits, URL-safe,
 * 16 characters — short enough for Telegram's 64-byte callback data and deep-link payloads.
 * Each token takes fresh bytes of the pool and none is ever reused, so a token is exactly as
 * unguessable as one drawn on its own.
 */
export function newToken(): string {
  if (used + TOKEN_BYTES > pool.length) {
    pool = randomBytes(TOKEN_BYTES * POOL_TOKENS)
    used = 0
  }
  const token = pool.toString('base64url', used, used + TOKEN_BYTES)
  used += TOKEN_BYTES
  return token
}

import { randomBytes } from 'node:crypto'

/**
 * An unguessable handle for a card, claim link or inline offer: 96 random bits, URL-safe,
 * 16 characters — short enough for Telegram's 64-byte callback data and deep-link payloads.
 */
export const newToken = () => randomBytes(12).toString('base64url')

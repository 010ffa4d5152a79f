import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { isPostgresUrl } from '../core/db/postgres/migrate.js'
import { sqlitePathFromUrl } from '../core/db/sqlite/connection.js'
import { ConfigError } from './config.js'

const KEY_BYTES = 32

/**
 * A server-side secret (the payment passwords' pepper) from the environment: base64 of at
 * least 32 bytes. On the embedded default (a SQLite file) an unset one is made once and kept
 * in a file beside the database, so a first `npm start` just works; the caller warns that
 * production must set it. On PostgreSQL it must be set: every instance needs the same one,
 * and a file on one machine is not that.
 * Returns the key and whether it came from that file.
 */
export function serverKey(env: NodeJS.ProcessEnv, name: string, databaseUrl: string): { key: Buffer; fromFile: string | null } {
  const given = env[name]?.trim()
  if (given) {
    const key = Buffer.from(given, 'base64')
    if (key.length < KEY_BYTES) throw new ConfigError([`${name} must be base64 of at least ${KEY_BYTES} random bytes (openssl rand -base64 32)`])
    return { key, fromFile: null }
  }
  if (isPostgresUrl(databaseUrl)) throw new ConfigError([`${name} must be set on PostgreSQL: every instance needs the same one (openssl rand -base64 32)`])
  const dbFile = sqlitePathFromUrl(databaseUrl)
  if (dbFile === ':memory:') return { key: randomBytes(KEY_BYTES), fromFile: null }
  const file = path.join(path.dirname(dbFile), `${name.toLowerCase()}.key`)
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true })
    // `wx`: two first starts at once cannot both write one; the loser reads the winner's.
    try {
      writeFileSync(file, randomBytes(KEY_BYTES).toString('base64') + '\n', { mode: 0o600, flag: 'wx' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
  if (key.length < KEY_BYTES) throw new ConfigError([`${file} does not hold a key of ${KEY_BYTES} bytes; delete it only if no payment password was set with it`])
  return { key, fromFile: file }
}

export interface ServerKeys {
  passwordPepper: Buffer
  encryptionKeys: { current: Buffer; previous: Buffer[] }
  /** Keys that came from files beside the embedded database (the caller warns). */
  fromFiles: string[]
}

/**
 * PASSWORD_PEPPER, ENCRYPTION_KEY and ENCRYPTION_KEYS_PREVIOUS (comma-separated base64: the
 * keys replaced so far, still needed to open what they sealed until `npm run reencrypt`
 * has run).
 */
export function loadServerKeys(env: NodeJS.ProcessEnv, databaseUrl: string): ServerKeys {
  const pepper = serverKey(env, 'PASSWORD_PEPPER', databaseUrl)
  const encryption = serverKey(env, 'ENCRYPTION_KEY', databaseUrl)
  const previous = (env.ENCRYPTION_KEYS_PREVIOUS ?? '').split(',').map((part) => part.trim()).filter(Boolean).map((part) => Buffer.from(part, 'base64'))
  if (encryption.key.length !== KEY_BYTES || previous.some((key) => key.length !== KEY_BYTES)) {
    throw new ConfigError([`ENCRYPTION_KEY and each of ENCRYPTION_KEYS_PREVIOUS must be base64 of exactly ${KEY_BYTES} bytes (openssl rand -base64 32)`])
  }
  return {
    passwordPepper: pepper.key,
    encryptionKeys: { current: encryption.key, previous },
    fromFiles: [pepper.fromFile, encryption.fromFile].filter((file): file is string => file !== null),
  }
}

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError } from '../../bot/config.js'
import { serverKey } from '../../bot/server-keys.js'

describe('server keys (PASSWORD_PEPPER) from the environment, or beside the embedded database', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lingqian-keys-'))
  afterEach(() => rmSync(path.join(dir, 'password_pepper.key'), { force: true }))
  const url = `file:${path.join(dir, 'wallet.db')}`

  it('takes a set key as given, and refuses a short one', () => {
    const key = Buffer.alloc(32, 3)
    expect(serverKey({ PASSWORD_PEPPER: key.toString('base64') }, 'PASSWORD_PEPPER', url)).toEqual({ key, fromFile: null })
    expect(() => serverKey({ PASSWORD_PEPPER: Buffer.alloc(16).toString('base64') }, 'PASSWORD_PEPPER', url)).toThrowError(ConfigError)
  })

  it('on SQLite makes one key file beside the database, owner-only, and keeps using it', () => {
    const first = serverKey({}, 'PASSWORD_PEPPER', url)
    expect(first.fromFile).toBe(path.join(dir, 'password_pepper.key'))
    expect(first.key.length).toBe(32)
    expect(statSync(first.fromFile!).mode & 0o777).toBe(0o600)
    expect(serverKey({}, 'PASSWORD_PEPPER', url).key).toEqual(first.key)
    expect(Buffer.from(readFileSync(first.fromFile!, 'utf8').trim(), 'base64')).toEqual(first.key)
  })

  it('on PostgreSQL it must be set: every instance needs the same one', () => {
    expect(() => serverKey({}, 'PASSWORD_PEPPER', 'postgresql://db/wallet')).toThrowError(/PASSWORD_PEPPER must be set on PostgreSQL/)
  })
})

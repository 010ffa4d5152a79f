import { existsSync, readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import { securityStatus } from '../../core/security/account-security.js'
import { FieldCipher, keyIdOf } from '../../core/security/field-cipher.js'
import { PasswordHasher } from '../../core/security/password.js'
import { openEntry, pressKey, resumeReset, type PasswordEntry } from '../../core/security/password-entry.js'
import { maskPhone, normalizePhone, reencryptPhones, verifyPhone } from '../../core/security/phone.js'
import { storePassword } from '../../core/security/password.js'
import { topUp } from '../../core/wallet/topup.js'
import { transfer } from '../../core/wallet/transfer.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { ADMIN_TELEGRAM_ID, ENGINE, openTestWallet, tempDatabase, TEST_PEPPER, TestClock, testConfig, type TempDatabase } from '../helpers/db.js'

const HOUR = 3_600_000
const PHONE = '+8613812345678'
const config = testConfig({ passwordReset: { dailyLimitMinor: 20_000n, reducedMs: 24 * HOUR } })
const hasher = new PasswordHasher(TEST_PEPPER)
const oldKey = Buffer.alloc(32, 1)
const newKey = Buffer.alloc(32, 2)

describe(`phone verification, sealed at rest, and the password reset through it (${ENGINE})`, () => {
  let t: TempDatabase
  let clock: TestClock
  let owner: WalletUser
  let other: WalletUser
  beforeEach(async () => {
    clock = new TestClock(new Date('2026-11-10T04:00:00Z'))
    t = await tempDatabase({ clock })
    owner = await openTestWallet(t.db, 'owner')
    other = await openTestWallet(t.db, 'other')
  })
  afterEach(async () => {
    expect((await audit(t.db)).ok).toBe(true)
    await t.dispose()
  })

  it('normalizes and masks numbers, and refuses what is not one', () => {
    expect(normalizePhone('8613812345678')).toBe(PHONE)
    expect(normalizePhone('+1 (555) 010-9999')).toBe('+15550109999')
    expect(maskPhone(PHONE)).toBe('+86138****5678')
    for (const bad of ['', '12345', 'call me', '+86 138 1234 5678 9999 0']) expect(() => normalizePhone(bad)).toThrowError(/PHONE_INVALID/)
  })

  it('stores the number sealed and masked; the same number again is harmless, another is refused', async () => {
    const cipher = new FieldCipher(oldKey)
    expect(await verifyPhone(t.db, cipher, owner.id, '8613812345678')).toBe('+86138****5678')
    expect(await verifyPhone(t.db, cipher, owner.id, PHONE)).toBe('+86138****5678')
    await expect(verifyPhone(t.db, cipher, owner.id, '+8613900000000')).rejects.toMatchObject({ code: 'PHONE_ALREADY_VERIFIED' })
    const row = await t.db.read((tx) => tx.get<{ phone_sealed: string; phone_masked: string }>('SELECT phone_sealed, phone_masked FROM users WHERE id = ?', owner.id))
    expect(row!.phone_sealed.startsWith(`${keyIdOf(oldKey)}.`)).toBe(true)
    expect(row!.phone_sealed).not.toContain('13812345678')
    expect(cipher.open(row!.phone_sealed, `users.phone_sealed:${owner.id}`)).toBe(PHONE)
    expect(() => cipher.open(row!.phone_sealed, `users.phone_sealed:${other.id}`)).toThrow() // moved to another row, it does not open
    expect((await securityStatus(t.db, config, owner.id)).phoneMasked).toBe('+86138****5678')
  })

  it('no phone number appears in clear anywhere in the database', async () => {
    const cipher = new FieldCipher(oldKey)
    await verifyPhone(t.db, cipher, owner.id, PHONE)
    await verifyPhone(t.db, cipher, other.id, '+15550109999')
    const dumped = await dumpDatabase(t)
    expect(dumped.length).toBeGreaterThan(1000) // it really read the database
    for (const digits of ['13812345678', '5550109999']) expect(dumped.includes(digits)).toBe(false)
    expect(dumped.includes('+86138****5678')).toBe(true) // the masked form is there, so the dump sees this column
  })

  it('a new key: old values still open; a re-encryption moves every row to the new key id', async () => {
    await verifyPhone(t.db, new FieldCipher(oldKey), owner.id, PHONE)
    await verifyPhone(t.db, new FieldCipher(oldKey), other.id, '+15550109999')
    const rotated = new FieldCipher(newKey, [oldKey])
    expect(await reencryptPhones(t.db, rotated, 1)).toBe(1) // batches
    expect(await reencryptPhones(t.db, rotated)).toBe(1)
    expect(await reencryptPhones(t.db, rotated)).toBe(0)
    const sealed = await t.db.read((tx) => tx.all<{ phone_sealed: string }>('SELECT phone_sealed FROM users WHERE phone_sealed IS NOT NULL'))
    expect(sealed.every((row) => row.phone_sealed.startsWith(`${keyIdOf(newKey)}.`))).toBe(true)
    // The old key is no longer needed.
    expect(await verifyPhone(t.db, new FieldCipher(newKey), owner.id, PHONE)).toBe('+86138****5678')
  })

  it('the daily limit follows how far the account is verified: no password, a password, a verified phone', async () => {
    const levels = testConfig({ dailyLimitMinor: 500_000n, unverifiedDailyLimitMinor: 100_000n, passwordFree: { ...config.passwordFree, withoutPasswordDailyMinor: 20_000n } })
    const limit = async () => (await securityStatus(t.db, levels, owner.id)).dailyLimitMinor
    expect(await limit()).toBe(20_000n)
    await storePassword(t.db, hasher, levels.passwordReset, owner.id, '274916', 'set')
    expect(await limit()).toBe(100_000n)
    await verifyPhone(t.db, new FieldCipher(oldKey), owner.id, PHONE)
    expect(await limit()).toBe(500_000n)
  })

  it('a forgotten (even locked) password is reset with the verified phone, then the daily limit is lower for a while', async () => {
    const cipher = new FieldCipher(oldKey)
    await topUp(t.db, config, { idempotencyKey: 'fund', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: owner.id, amountMinor: 1_000_000n })
    await storePassword(t.db, hasher, config.passwordReset, owner.id, '274916', 'set')
    await t.db.write((tx) => tx.run('UPDATE users SET password_locked_until = ? WHERE id = ?', new Date(clock.now().getTime() + HOUR), owner.id))
    await expect(openEntry(t.db, { userId: owner.id, purpose: 'reset' })).rejects.toMatchObject({ code: 'PHONE_NOT_VERIFIED' })
    await verifyPhone(t.db, cipher, owner.id, PHONE)
    const waiting = await openEntry(t.db, { userId: owner.id, purpose: 'reset' })
    expect(waiting.status).toBe('awaiting_contact')
    await expect(pressKey(t.db, hasher, config, { token: waiting.token, userId: owner.id, seq: 0, key: 1 })).rejects.toMatchObject({ code: 'PASSWORD_ENTRY_STALE' }) // no typing before the phone
    expect(await resumeReset(t.db, cipher, other.id, PHONE)).toBeNull() // nobody else's reset
    await expect(resumeReset(t.db, cipher, owner.id, '+8613900000000')).rejects.toMatchObject({ code: 'PHONE_MISMATCH' })
    let entry: PasswordEntry = (await resumeReset(t.db, cipher, owner.id, PHONE))!
    let kind = ''
    for (const digit of '580362580362') {
      const result = await pressKey(t.db, hasher, config, { token: entry.token, userId: owner.id, seq: entry.seq, key: entry.layout.indexOf(digit) })
      ;({ entry, kind } = { entry: result.entry, kind: result.kind })
    }
    expect(kind).toBe('password_reset')
    const status = await securityStatus(t.db, config, owner.id)
    expect(status).toMatchObject({ passwordLockedUntil: null, dailyLimitMinor: 20_000n, limitsReducedUntil: new Date(clock.now().getTime() + 24 * HOUR) })
    expect(status.recent[0]!.kind).toBe('password_reset')
    const pay = (key: string, amountMinor: bigint) => transfer(t.db, config, { idempotencyKey: key, fromUserId: owner.id, toUserId: other.id, amountMinor })
    await expect(pay('after-reset', 30_000n)).rejects.toMatchObject({ code: 'DAILY_LIMIT_EXCEEDED', details: { limitMinor: '20000' } })
    clock.advance(24 * HOUR)
    await expect(pay('a-day-later', 30_000n)).resolves.toBeDefined()
  })
})

/** Every byte the database holds, as text: the SQLite file and its WAL, or every PostgreSQL row. */
async function dumpDatabase(t: TempDatabase): Promise<string> {
  if (t.db.engine === 'sqlite') {
    const file = t.db.sqlite!.name
    return [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f).toString('latin1')).join('\n')
  }
  const tables = await t.db.read((tx) => tx.all<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"))
  const parts: string[] = []
  for (const { table_name } of tables) {
    const rows = await t.db.read((tx) => tx.all(`SELECT * FROM "${table_name}"`))
    parts.push(JSON.stringify(rows, (_, value) => (typeof value === 'bigint' ? value.toString() : value)))
  }
  return parts.join('\n')
}

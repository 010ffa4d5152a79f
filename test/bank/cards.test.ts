import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { audit } from '../../core/audit/auditor.js'
import { cardFacts, cardIndexKey, cardNumberIndex, maskHolderName, normalizeCardNumber, normalizeHolderName, passesLuhn } from '../../core/bank/card-number.js'
import { BINDING_TTL_MS, listCards, pressBindingKey, startBinding, submitCard, unbindCard, type BankCardDeps, type BindingView } from '../../core/bank/cards.js'
import type { BankGateway, BindingConfirmation, BindingStart } from '../../core/bank/gateway.js'
import { reencryptCardNumbers } from '../../core/bank/reencrypt.js'
import { securityStatus } from '../../core/security/account-security.js'
import { FieldCipher } from '../../core/security/field-cipher.js'
import { PasswordHasher } from '../../core/security/password.js'
import { entryTargets, openEntry, pressKey, type EntryRequest } from '../../core/security/password-entry.js'
import { verifyPhone } from '../../core/security/phone.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { ENGINE, openTestWallet, tempDatabase, TEST_ENCRYPTION_KEYS, TEST_PEPPER, TestClock, testConfig, type TempDatabase } from '../helpers/db.js'

/** A 16-digit number with the given 15 digits and its Luhn check digit. */
function withCheckDigit(first15: string): string {
  for (let digit = 0; digit <= 9; digit++) if (passesLuhn(`${first15}${digit}`)) return `${first15}${digit}`
  throw new Error('unreachable: one check digit always fits')
}
const ICBC_DEBIT = withCheckDigit('622202123456789')
const CMB_CREDIT = withCheckDigit('622575987654321')

describe('bank card numbers', () => {
  it('accepts what a person types and refuses a mistyped digit', () => {
    const spaced = `${ICBC_DEBIT.slice(0, 4)} ${ICBC_DEBIT.slice(4, 8)}-${ICBC_DEBIT.slice(8)}`
    expect(normalizeCardNumber(spaced)).toBe(ICBC_DEBIT)
    const lastDigit = Number(ICBC_DEBIT.at(-1))
    expect(() => normalizeCardNumber(`${ICBC_DEBIT.slice(0, -1)}${(lastDigit + 1) % 10}`)).toThrow(expect.objectContaining({ code: 'CARD_NUMBER_INVALID' }))
    expect(() => normalizeCardNumber('4242')).toThrow(expect.objectContaining({ code: 'CARD_NUMBER_INVALID' }))
    expect(() => normalizeCardNumber('6222 abcd 1234 5678')).toThrow(expect.objectContaining({ code: 'CARD_NUMBER_INVALID' }))
  })

  it('names the bank and the card type from the BIN, and keeps only the last four digits', () => {
    expect(cardFacts(ICBC_DEBIT)).toEqual({ bin: '622202', last4: ICBC_DEBIT.slice(-4), bankCode: 'ICBC', cardType: 'debit' })
    expect(cardFacts(CMB_CREDIT)).toMatchObject({ bankCode: 'CMB', cardType: 'credit' })
    expect(cardFacts(withCheckDigit('999999123456789'))).toMatchObject({ bankCode: null, cardType: null })
  })

  it('masks the cardholder name and refuses what is not a name', () => {
    expect(maskHolderName('张三')).toBe('*三')
    expect(maskHolderName('欧阳娜娜')).toBe('***娜')
    expect(maskHolderName('John Smith')).toBe('J*** Smith')
    expect(normalizeHolderName('  John   Smith ')).toBe('John Smith')
    for (const bad of ['', '   ', 'x'.repeat(41), 'Bob 123', '<script>']) expect(() => normalizeHolderName(bad)).toThrow(expect.objectContaining({ code: 'CARD_HOLDER_INVALID' }))
  })

  it('indexes a number blindly: the same under one key, unrelated under another', () => {
    const key = cardIndexKey(TEST_PEPPER)
    expect(cardNumberIndex(key, ICBC_DEBIT)).toBe(cardNumberIndex(key, ICBC_DEBIT))
    expect(cardNumberIndex(key, ICBC_DEBIT)).not.toBe(cardNumberIndex(key, CMB_CREDIT))
    expect(cardNumberIndex(cardIndexKey(Buffer.alloc(32, 1)), ICBC_DEBIT)).not.toBe(cardNumberIndex(key, ICBC_DEBIT))
    expect(cardNumberIndex(key, ICBC_DEBIT)).not.toContain(ICBC_DEBIT.slice(-4))
  })
})

/** The bank's side of binding, scripted: one code per binding, three tries, a card ending 0054 unknown to it. */
class ScriptedBank implements BankGateway {
  readonly code = '482913'
  readonly started: { reference: string; cardNumber: string; holderName: string; phone: string }[] = []
  readonly unbound: string[] = []
  private readonly tries = new Map<string, number>()
  constructor(private readonly clock: TestClock) {}
  async startBinding(request: { reference: string; cardNumber: string; holderName: string; phone: string }): Promise<BindingStart> {
    this.started.push(request)
    if (request.cardNumber.endsWith('0054')) return { status: 'declined', reason: 'card_invalid' }
    const bindingId = `b${this.started.length}`
    this.tries.set(bindingId, 3)
    return { status: 'code_sent', bindingId, expiresAt: new Date(this.clock.now().getTime() + 5 * 60_000) }
  }
  async confirmBinding(request: { bindingId: string; code: string }): Promise<BindingConfirmation> {
    if (request.code === this.code) return { status: 'bound', agreementId: `agreement-${request.bindingId}` }
    const left = (this.tries.get(request.bindingId) ?? 0) - 1
    this.tries.set(request.bindingId, left)
    return left > 0 ? { status: 'code_wrong', triesLeft: left } : { status: 'too_many_tries' }
  }
  async unbind(agreementId: string): Promise<void> {
    this.unbound.push(agreementId)
  }
  charge(): never {
    throw new Error('binding does not move money')
  }
  payout(): never {
    throw new Error('binding does not move money')
  }
  query(): never {
    throw new Error('binding does not move money')
  }
  statement(): never {
    throw new Error('binding does not move money')
  }
}

const config = testConfig()
const hasher = new PasswordHasher(TEST_PEPPER)
const PIN = '274916'
const PHONE = '+8613812345678'

describe(`binding a bank card (${ENGINE})`, () => {
  let t: TempDatabase
  let clock: TestClock
  let bank: ScriptedBank
  let deps: BankCardDeps
  let owner: WalletUser
  let other: WalletUser
  beforeEach(async () => {
    clock = new TestClock(new Date('2026-12-03T04:00:00Z'))
    t = await tempDatabase({ clock })
    bank = new ScriptedBank(clock)
    deps = { db: t.db, cipher: new FieldCipher(TEST_ENCRYPTION_KEYS.current), indexKey: cardIndexKey(TEST_PEPPER), bank }
    owner = await openTestWallet(t.db, 'owner')
    other = await openTestWallet(t.db, 'other')
    for (const user of [owner, other]) {
      await setPassword(user.id)
      await verifyPhone(t.db, deps.cipher, user.id, user === owner ? PHONE : '+8613998765432')
    }
  })
  afterEach(async () => {
    expect((await audit(t.db)).ok).toBe(true)
    await t.dispose()
  })

  async function typePin(request: EntryRequest, pin: string, rounds = 1) {
    let entry = await openEntry(t.db, request)
    for (let round = 0; round < rounds; round++) {
      for (const digit of pin) entry = (await pressKey(t.db, hasher, config, { token: entry.token, userId: request.userId, seq: entry.seq, key: entry.layout.indexOf(digit) })).entry
    }
  }
  const setPassword = (userId: number) => typePin({ userId, purpose: 'set' }, PIN, 2)
  async function typeCode(binding: BindingView, code: string, userId = owner.id) {
    let current = binding
    let press
    for (const digit of code) {
      press = await pressBindingKey(deps, { token: current.token, userId, seq: current.seq, key: Number(digit) })
      if ('binding' in press) current = press.binding
    }
    return press!
  }
  async function sendCard(userId: number, number = ICBC_DEBIT, holder = '张三') {
    await startBinding(t.db, userId)
    return submitCard(deps, userId, `${number.slice(0, 4)} ${number.slice(4)} ${holder}`)
  }

  it('binds a card with the code the bank texted to the verified phone, keeping only a sealed number', async () => {
    const binding = await sendCard(owner.id)
    expect(bank.started).toEqual([{ reference: binding.token, cardNumber: ICBC_DEBIT, holderName: '张三', phone: PHONE }])
    expect(binding).toMatchObject({ status: 'code_sent', last4: ICBC_DEBIT.slice(-4), bankCode: 'ICBC', cardType: 'debit', filled: 0 })

    const press = await typeCode(binding, bank.code)
    expect(press).toMatchObject({ kind: 'bound', card: { last4: ICBC_DEBIT.slice(-4), bankCode: 'ICBC', holderMasked: '*三' } })
    expect(await listCards(t.db, owner.id)).toHaveLength(1)
    expect((await securityStatus(t.db, config, owner.id)).recent.map((event) => [event.kind, event.detail])).toContainEqual(['card_bound', ICBC_DEBIT.slice(-4)])
    const user = await t.db.read((tx) => tx.get<{ card_bound_at: unknown }>('SELECT card_bound_at FROM users WHERE id = ?', owner.id))
    expect(user!.card_bound_at).not.toBeNull()

    const stored = JSON.stringify(await t.db.read(async (tx) => [await tx.all('SELECT * FROM bank_cards'), await tx.all('SELECT * FROM bank_bindings')]), (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))
    expect(stored).not.toContain(ICBC_DEBIT)
    expect(stored).not.toContain(ICBC_DEBIT.slice(0, 12))
    expect(() => new FieldCipher(Buffer.alloc(32, 3)).open((JSON.parse(stored) as { number_sealed: string }[][])[0]![0]!.number_sealed, `bank_cards.number_sealed:${owner.id}`)).toThrow()
  })

  it('re-seals card numbers under a new key, and the old key then opens none of them', async () => {
    await typeCode(await sendCard(owner.id), bank.code)
    const newKey = Buffer.alloc(32, 5)
    const rotated = new FieldCipher(newKey, [TEST_ENCRYPTION_KEYS.current])
    expect(await reencryptCardNumbers(t.db, rotated)).toBe(2) // the card, and the binding it came from
    expect(await reencryptCardNumbers(t.db, rotated)).toBe(0)
    const sealed = await t.db.read((tx) => tx.all<{ number_sealed: string }>('SELECT number_sealed FROM bank_cards UNION ALL SELECT number_sealed FROM bank_bindings'))
    const context = `bank_cards.number_sealed:${owner.id}`
    for (const { number_sealed } of sealed) {
      expect(new FieldCipher(newKey).open(number_sealed, context)).toBe(ICBC_DEBIT)
      expect(() => deps.cipher.open(number_sealed, context)).toThrow()
    }
  })

  it('says how many tries are left after a wrong code, and ends the binding after the last', async () => {
    const binding = await sendCard(owner.id)
    const wrong = await typeCode(binding, '000000')
    expect(wrong).toMatchObject({ kind: 'wrong', binding: { status: 'code_sent', triesLeft: 2, filled: 0 } })
    const again = await typeCode((wrong as { binding: BindingView }).binding, '111111')
    expect(again).toMatchObject({ kind: 'wrong', binding: { triesLeft: 1 } })
    expect(await typeCode((again as { binding: BindingView }).binding, '222222')).toEqual({ kind: 'too_many_tries' })
    expect(await listCards(t.db, owner.id)).toEqual([])
    await expect(pressBindingKey(deps, { token: binding.token, userId: owner.id, seq: 0, key: 1 })).rejects.toMatchObject({ code: 'PASSWORD_ENTRY_STALE' })
  })

  it('moves nothing on a stale, foreign or late press', async () => {
    const binding = await sendCard(owner.id)
    const first = await pressBindingKey(deps, { token: binding.token, userId: owner.id, seq: binding.seq, key: 4 })
    await expect(pressBindingKey(deps, { token: binding.token, userId: owner.id, seq: binding.seq, key: 4 })).rejects.toMatchObject({ code: 'PASSWORD_ENTRY_STALE' })
    await expect(pressBindingKey(deps, { token: binding.token, userId: other.id, seq: binding.seq + 1, key: 8 })).rejects.toMatchObject({ code: 'BINDING_NOT_FOUND' })
    expect(first).toMatchObject({ kind: 'typing', binding: { filled: 1 } })

    clock.advance(BINDING_TTL_MS)
    expect(await pressBindingKey(deps, { token: binding.token, userId: owner.id, seq: binding.seq + 1, key: 8 })).toEqual({ kind: 'expired' })
    expect(await listCards(t.db, owner.id)).toEqual([])
  })

  it('refuses a card bound already, by its owner or by someone else, before asking the bank', async () => {
    await typeCode(await sendCard(owner.id), bank.code)
    const asked = bank.started.length
    await expect(sendCard(owner.id)).rejects.toMatchObject({ code: 'CARD_ALREADY_BOUND' })
    await expect(sendCard(other.id, ICBC_DEBIT, 'Li Si')).rejects.toMatchObject({ code: 'CARD_BOUND_ELSEWHERE' })
    expect(bank.started).toHaveLength(asked)
  })

  it('passes on the bank declining a card and needs a password and a verified phone to start', async () => {
    const declinedNumber = findNumberEndingIn('0054')
    await expect(sendCard(owner.id, declinedNumber)).rejects.toMatchObject({ code: 'BANK_DECLINED', details: { reason: 'card_invalid' } })
    expect(await listCards(t.db, owner.id)).toEqual([])
    // The binding is closed as failed, not left sending.
    expect(await t.db.read((tx) => tx.all('SELECT status FROM bank_bindings WHERE user_id = ?', owner.id))).toEqual([{ status: 'failed' }])

    const newcomer = await openTestWallet(t.db, 'newcomer')
    await expect(startBinding(t.db, newcomer.id)).rejects.toMatchObject({ code: expect.stringMatching(/^PASSWORD_/) })
    await setPassword(newcomer.id)
    await expect(startBinding(t.db, newcomer.id)).rejects.toMatchObject({ code: 'PHONE_NOT_VERIFIED' })
  })

  it('unbinds only with the password given for that card, and then the card may be bound again', async () => {
    const press = await typeCode(await sendCard(owner.id), bank.code)
    const card = (press as { card: { token: string } }).card
    await expect(unbindCard(deps, owner.id, card.token)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
    await expect(unbindCard(deps, other.id, card.token)).rejects.toMatchObject({ code: 'BANK_CARD_NOT_FOUND' })

    await typePin({ userId: owner.id, purpose: 'unbind_card', target: entryTargets.unbindCard(card.token) }, PIN)
    await unbindCard(deps, owner.id, card.token)
    expect(bank.unbound).toEqual(['agreement-b1'])
    expect(await listCards(t.db, owner.id)).toEqual([])
    const user = await t.db.read((tx) => tx.get<{ card_bound_at: unknown }>('SELECT card_bound_at FROM users WHERE id = ?', owner.id))
    expect(user!.card_bound_at).toBeNull()
    await expect(unbindCard(deps, owner.id, card.token)).rejects.toMatchObject({ code: 'BANK_CARD_NOT_FOUND' })

    expect(await typeCode(await sendCard(other.id, ICBC_DEBIT, 'Li Si'), bank.code, other.id)).toMatchObject({ kind: 'bound', card: { holderMasked: 'L*** Si' } })
  })
})

/** A Luhn-valid ICBC number whose last four digits are `last4` (the check digit is among them). */
function findNumberEndingIn(last4: string): string {
  for (let middle = 0; middle < 1000; middle++) {
    const candidate = `622202${String(middle).padStart(6, '0')}${last4}`
    if (passesLuhn(candidate)) return candidate
  }
  throw new Error(`no Luhn-valid number ends in ${last4}`)
}

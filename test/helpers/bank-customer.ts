import { cardIndexKey } from '../../core/bank/card-number.js'
import { pressBindingKey, startBinding, submitCard, type BankCardDeps } from '../../core/bank/cards.js'
import type { BankGateway } from '../../core/bank/gateway.js'
import type { Database } from '../../core/db/database.js'
import { FieldCipher } from '../../core/security/field-cipher.js'
import { PasswordHasher } from '../../core/security/password.js'
import { openEntry, pressKey, type EntryRequest } from '../../core/security/password-entry.js'
import { verifyPhone } from '../../core/security/phone.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { openTestWallet, TEST_ENCRYPTION_KEYS, TEST_PEPPER, testConfig } from './db.js'

/*
 * A wallet ready for bank cards, at the core's level (no bot): a payment password, a verified
 * phone, and the card deps to bind with. Shared by the bank tests that drive the core directly.
 */

export const TEST_PIN = '274916'
const config = testConfig()
const hasher = new PasswordHasher(TEST_PEPPER)

/** Opens a password keypad for `request` and types the PIN on it (`rounds` times: a new password is typed twice). */
export async function typePin(db: Database, request: EntryRequest, rounds = 1): Promise<void> {
  let entry = await openEntry(db, request)
  for (let round = 0; round < rounds; round++) {
    for (const digit of TEST_PIN) entry = (await pressKey(db, hasher, config, { token: entry.token, userId: request.userId, seq: entry.seq, key: entry.layout.indexOf(digit) })).entry
  }
}

/** A new wallet with the test PIN set and a verified phone, and the deps to bind its cards through `bank`. */
export async function bankCustomer(db: Database, bank: BankGateway, name = 'owner'): Promise<{ owner: WalletUser; cards: BankCardDeps }> {
  const cards: BankCardDeps = { db, cipher: new FieldCipher(TEST_ENCRYPTION_KEYS.current), indexKey: cardIndexKey(TEST_PEPPER), bank }
  const owner = await openTestWallet(db, name)
  await typePin(db, { userId: owner.id, purpose: 'set' }, 2)
  await verifyPhone(db, cards.cipher, owner.id, '+8613812345678')
  return { owner, cards }
}

/** Binds `number` to the user, typing the one-time code `codeFor` gives for the binding; returns the card's token. */
export async function bindTestCard(cards: BankCardDeps, userId: number, number: string, codeFor: (bindingToken: string) => string): Promise<string> {
  await startBinding(cards.db, userId)
  let binding = await submitCard(cards, userId, `${number} 张三`)
  for (const digit of codeFor(binding.token)) {
    const press = await pressBindingKey(cards, { token: binding.token, userId, seq: binding.seq, key: Number(digit) })
    if (press.kind === 'bound') return press.card.token
    if (!('binding' in press)) throw new Error(`binding ended ${press.kind}`)
    binding = press.binding
  }
  throw new Error('the code did not bind the card')
}

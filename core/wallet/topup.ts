import type { Database } from '../db/database.js'
import { DomainError } from '../errors.js'
import { systemAccountId } from '../ledger/accounts.js'
import { post } from '../ledger/posting.js'
import { isAdmin, type WalletConfig } from './config.js'
import { assertPaymentAmount, normalizeMemo } from './payment-guards.js'
import { userWalletAccountId } from './transfer.js'

export interface TopUpCommand {
  idempotencyKey: string
  adminTelegramId: bigint
  toUserId: number
  amountMinor: bigint
  /** Why the admin topped up; kept on the posting for the audit trail. */
  note?: string | null
}

export interface TopUpReceipt {
  postingId: number
  adminTelegramId: bigint
  toUserId: number
  amountMinor: bigint
  currency: string
  note: string | null
  balanceAfterMinor: bigint
  createdAt: Date
}

/** An admin credits a wallet from the issuance account. Anyone else is refused (NOT_ADMIN). */
export async function topUp(db: Database, config: WalletConfig, command: TopUpCommand): Promise<TopUpReceipt> {
  if (!isAdmin(config, command.adminTelegramId)) throw new DomainError('NOT_ADMIN')
  assertPaymentAmount(config, command.amountMinor)
  const note = normalizeMemo(config, command.note)
  return db.writer.run((tx) => {
    const issuance = systemAccountId(tx, 'issuance', config.currency)
    const wallet = userWalletAccountId(tx, command.toUserId, config.currency)
    const result = post(tx, {
      idempotencyKey: command.idempotencyKey,
      kind: 'topup',
      memo: note,
      actorTelegramId: command.adminTelegramId,
      transfers: [{ debitAccountId: issuance, creditAccountId: wallet, amountMinor: command.amountMinor, currency: config.currency }],
    })
    return {
      postingId: result.postingId,
      adminTelegramId: command.adminTelegramId,
      toUserId: command.toUserId,
      amountMinor: command.amountMinor,
      currency: config.currency,
      note: result.memo,
      balanceAfterMinor: result.transfers[0]!.creditBalanceAfterMinor,
      createdAt: result.createdAt,
    }
  })
}

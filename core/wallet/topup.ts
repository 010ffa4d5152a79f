import type { Database } from '../db/database.js'
import { DomainError } from '../errors.js'
import { systemAccountId, writeOnSystemAccount } from '../ledger/accounts.js'
import { post } from '../ledger/posting.js'
import { enqueue } from '../outbox/outbox.js'
import { noticeKeys } from '../common/keys.js'
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

/**
 * An admin credits a wallet from the issuance account, and the owner's notice goes to the
 * outbox with it. Anyone else is refused (NOT_ADMIN).
 */
export async function topUp(db: Database, config: WalletConfig, command: TopUpCommand): Promise<TopUpReceipt> {
  if (!isAdmin(config, command.adminTelegramId)) throw new DomainError('NOT_ADMIN')
  assertPaymentAmount(config, command.amountMinor)
  const note = normalizeMemo(config, command.note)
  return writeOnSystemAccount(db, 'issuance', async (tx) => {
    const issuance = await systemAccountId(tx, 'issuance', config.currency)
    const wallet = await userWalletAccountId(tx, command.toUserId, config.currency)
    const result = await post(tx, {
      idempotencyKey: command.idempotencyKey,
      kind: 'topup',
      memo: note,
      actorTelegramId: command.adminTelegramId,
      transfers: [{ debitAccountId: issuance, creditAccountId: wallet, amountMinor: command.amountMinor, currency: config.currency }],
    })
    await enqueue(tx, {
      dedupeKey: noticeKeys.toppedUp(result.postingId),
      type: 'topped_up',
      userId: command.toUserId,
      data: {
        amountMinor: command.amountMinor.toString(),
        currency: config.currency,
        balanceAfterMinor: result.transfers[0]!.creditBalanceAfterMinor.toString(),
        note: result.memo,
      },
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

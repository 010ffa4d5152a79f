/**
 * The one entry to the wallet: its modules built from their dependencies (the database, the
 * wallet's rules), so each edge — the Telegram bot today, an HTTP API next — calls modules
 * rather than reaching into files, and never handles the database itself.
 */
import { audit } from './audit/auditor.js'
import { groupLanguages, noteGroupMember, setGroupLocale } from './chats/chat-language.js'
import type { Database } from './db/database.js'
import { settle, takeByKeys, takeDue, type DeliveryOutcome } from './outbox/outbox.js'
import { cancelPaymentCard, confirmPaymentCard, createPaymentCard, type Recipient } from './p2p/cards.js'
import { cancelClaim, claimByToken, expireClaims } from './p2p/claims.js'
import { cancelInlineOffer, createInlineOffer, placeInlineOffer, receiveInlineOffer } from './p2p/inline-offers.js'
import { defaultRedPacketLimits, type RedPacketKind, type RedPacketLimits } from './redpacket/limits.js'
import {
  cancelRedPacketDraft,
  changeRedPacketKind,
  expireRedPackets,
  getRedPacket,
  grabRedPacket,
  prepareRedPacket,
  sendRedPacket,
  type PrepareRedPacket,
  type SendRedPacket,
} from './redpacket/packets.js'
import { forgetProcessedUpdates, ProcessedUpdates } from './updates/processed-updates.js'
import { getBalance } from './wallet/balance.js'
import type { WalletConfig } from './wallet/config.js'
import { listHistory, type HistoryQuery } from './wallet/history.js'
import { topUp, type TopUpCommand } from './wallet/topup.js'
import { transfer, type TransferCommand } from './wallet/transfer.js'
import { findUserByTelegramId, findUserByUsername, getUser, openWallet, setLocale, type UserProfile } from './wallet/users.js'

export interface CoreDeps {
  db: Database
  wallet: WalletConfig
  /** Default: WeChat's limits in the wallet's currency. */
  redPacketLimits?: RedPacketLimits
  /** Told about a background write of handled-update ids that failed (it is retried). */
  onUpdateLogError?: (error: unknown) => void
}

export function createCore(deps: CoreDeps) {
  const { db, wallet } = deps
  const limits = deps.redPacketLimits ?? defaultRedPacketLimits(wallet.currency)
  return {
    db,
    config: wallet,
    users: {
      open: (profile: UserProfile, started: boolean) => openWallet(db, profile, wallet.currency, started),
      get: (userId: number) => getUser(db, userId),
      byTelegramId: (telegramId: bigint) => findUserByTelegramId(db, telegramId),
      byUsername: (username: string) => findUserByUsername(db, username),
      setLocale: (userId: number, locale: string) => setLocale(db, userId, locale),
    },
    balances: {
      of: (userId: number, currency = wallet.currency) => getBalance(db, userId, currency),
    },
    history: {
      list: (query: Omit<HistoryQuery, 'currency'>) => listHistory(db, { ...query, currency: wallet.currency }),
    },
    topUps: {
      topUp: (command: TopUpCommand) => topUp(db, wallet, command),
    },
    transfers: {
      transfer: (command: TransferCommand) => transfer(db, wallet, command),
    },
    cards: {
      create: (request: { fromUserId: number; to: Recipient; amountMinor: bigint; memo?: string | null }) => createPaymentCard(db, wallet, request),
      confirm: (token: string, actorUserId: number, actorTelegramId: bigint) => confirmPaymentCard(db, token, actorUserId, actorTelegramId),
      cancel: (token: string, actorUserId: number) => cancelPaymentCard(db, token, actorUserId),
    },
    claims: {
      claim: (token: string, claimerUserId: number) => claimByToken(db, token, claimerUserId),
      cancel: (token: string, actorUserId: number) => cancelClaim(db, token, actorUserId),
      expire: (limit?: number) => expireClaims(db, limit),
    },
    offers: {
      create: (request: { senderUserId: number; amountMinor: bigint; memo?: string | null }) => createInlineOffer(db, wallet, request),
      place: (token: string, inlineMessageId: string) => placeInlineOffer(db, token, inlineMessageId),
      receive: (token: string, receiverUserId: number) => receiveInlineOffer(db, token, receiverUserId),
      cancel: (token: string, actorUserId: number) => cancelInlineOffer(db, token, actorUserId),
    },
    redPackets: {
      limits,
      prepare: (request: Omit<PrepareRedPacket, 'currency'>) => prepareRedPacket(db, limits, { ...request, currency: wallet.currency }),
      changeKind: (token: string, actorUserId: number, kind: RedPacketKind) => changeRedPacketKind(db, limits, token, actorUserId, kind),
      cancel: (token: string, actorUserId: number) => cancelRedPacketDraft(db, token, actorUserId),
      send: (request: SendRedPacket) => sendRedPacket(db, limits, request),
      grab: (token: string, userId: number) => grabRedPacket(db, token, userId),
      expire: (limit?: number) => expireRedPackets(db, limit),
      get: (token: string) => getRedPacket(db, token),
    },
    groups: {
      noteMember: (chatId: bigint, userId: number) => noteGroupMember(db, chatId, userId),
      setLocale: (chatId: bigint, locale: string) => setGroupLocale(db, chatId, locale),
      languages: (chatId: bigint) => groupLanguages(db, chatId),
    },
    outbox: {
      takeDue: (limit: number, leaseMs: number) => takeDue(db, limit, leaseMs),
      takeByKeys: (dedupeKeys: string[], leaseMs: number) => takeByKeys(db, dedupeKeys, leaseMs),
      settle: (outcomes: DeliveryOutcome[]) => settle(db, outcomes),
    },
    updates: new ProcessedUpdates(db, deps.onUpdateLogError),
    forgetUpdates: (keepMs: number) => forgetProcessedUpdates(db, keepMs),
    audit: () => audit(db),
  }
}

export type Core = ReturnType<typeof createCore>

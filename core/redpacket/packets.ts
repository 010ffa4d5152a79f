import type { Database } from '../db/database.js'
import { DomainError } from '../errors.js'
import { ensureWalletAccount } from '../ledger/accounts.js'
import { openHold, releaseFromHold, returnHold } from '../ledger/holds.js'
import { enqueue } from '../outbox/outbox.js'
import { newToken } from '../payments/token.js'
import { assertAffordableInTx } from '../wallet/balance.js'
import { effectivePacket, normalizeGreeting, type RedPacketKind, type RedPacketLimits } from './limits.js'
import { loadView, packetRow, type RedPacketView } from './packet-store.js'
import { splitEqual, splitLucky, type RandomInt } from './split.js'

/** How long a prepared (not yet sent) packet can be sent. */
export const DRAFT_TTL_MS = 10 * 60 * 1000

export interface PrepareRedPacket {
  senderUserId: number
  currency: string
  kind: RedPacketKind
  enteredMinor: bigint
  enteredCount: number
  greeting?: string | null
  /** For an exclusive packet: the one member who may open it. */
  targetUserId?: number | null
  /** The person the command replied to, offered as exclusive target on the card. */
  replyUserId?: number | null
  /** Where it will be sent, when known now (a group command; an inline query's chat type). */
  chatType?: string | null
}

/**
 * A draft on a confirmation card: limits checked, the balance looked at (checked for real
 * when it is sent), nothing moved yet.
 */
export async function prepareRedPacket(db: Database, limits: RedPacketLimits, request: PrepareRedPacket): Promise<RedPacketView> {
  if (limits.currency !== request.currency) throw new Error(`red packet limits are in ${limits.currency}, the packet in ${request.currency}`)
  const greeting = normalizeGreeting(limits, request.greeting)
  if (request.kind === 'exclusive' && !request.targetUserId) throw new DomainError('PACKET_NEEDS_TARGET')
  if (request.targetUserId === request.senderUserId) throw new DomainError('SELF_TRANSFER')
  const { totalMinor, shareCount } = effectivePacket(limits, request.kind, request.enteredMinor, request.enteredCount)
  return db.writer.run((tx) => {
    assertAffordableInTx(tx, request.senderUserId, request.currency, totalMinor)
    const token = newToken()
    tx.run(
      `INSERT INTO red_packets (token, sender_user_id, kind, currency, entered_minor, entered_count, total_minor, share_count, greeting,
         target_user_id, reply_user_id, chat_type, status, draft_expires_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)`,
      token,
      request.senderUserId,
      request.kind,
      request.currency,
      request.enteredMinor,
      request.enteredCount,
      totalMinor,
      shareCount,
      greeting,
      request.kind === 'exclusive' ? request.targetUserId : null,
      request.replyUserId ?? request.targetUserId ?? null,
      request.chatType ?? null,
      tx.now.getTime() + DRAFT_TTL_MS,
      tx.now.getTime(),
    )
    return loadView(tx, token)
  })
}

/** The sender switches kind on the card; the total shown follows. Drafts only. */
export function changeRedPacketKind(db: Database, limits: RedPacketLimits, token: string, actorUserId: number, kind: RedPacketKind): Promise<RedPacketView> {
  return db.writer.run((tx) => {
    const view = loadView(tx, token)
    assertDraft(view, actorUserId, tx.now)
    const targetUserId = kind === 'exclusive' ? view.replyUserId : null
    if (kind === 'exclusive' && !targetUserId) throw new DomainError('PACKET_NEEDS_TARGET')
    const { totalMinor, shareCount } = effectivePacket(limits, kind, view.enteredMinor, view.enteredCount)
    assertAffordableInTx(tx, view.senderUserId, view.currency, totalMinor)
    tx.run(
      `UPDATE red_packets SET kind = ?, total_minor = ?, share_count = ?, target_user_id = ?, version = version + 1
       WHERE id = ? AND status = 'draft'`,
      kind,
      totalMinor,
      shareCount,
      targetUserId,
      view.id,
    )
    return loadView(tx, token)
  })
}

export function cancelRedPacketDraft(db: Database, token: string, actorUserId: number): Promise<RedPacketView> {
  return db.writer.run((tx) => {
    const view = loadView(tx, token)
    if (view.senderUserId !== actorUserId) throw new DomainError('NOT_YOUR_BUTTON')
    if (view.status !== 'draft') return view
    tx.run(`UPDATE red_packets SET status = 'cancelled' WHERE id = ?`, view.id)
    return loadView(tx, token)
  })
}

export interface Placement {
  /** Null keeps what the draft already knows (an inline query told us its chat type). */
  chatType: string | null
  /** The language the packet's message is written in from now on. */
  locale: string
  chatId?: bigint | null
  messageId?: number | null
  inlineMessageId?: string | null
}

export interface SendRedPacket {
  token: string
  actorUserId: number
  /** The draft version the pressed card showed: a send never moves more than it displayed. */
  version: number
  placement: Placement
}

/**
 * Send pressed (or the inline card placed): the whole amount moves into escrow, the shares
 * are fixed with a fair split, and the packet opens for 24 hours. Sending twice is one send.
 * A card that showed an older version of the draft (the kind changed since) sends nothing:
 * CARD_CHANGED, so the sender looks at the current card and confirms what it says.
 */
export function sendRedPacket(db: Database, limits: RedPacketLimits, request: SendRedPacket, random?: RandomInt): Promise<RedPacketView> {
  const { token, actorUserId, placement } = request
  return db.writer.run((tx) => {
    const view = loadView(tx, token)
    if (view.senderUserId !== actorUserId) throw new DomainError('NOT_YOUR_BUTTON')
    if (view.status !== 'draft') {
      if (view.status === 'cancelled') throw new DomainError('CARD_CANCELLED')
      return view // already sent: the first send stands
    }
    if (view.version !== request.version) throw new DomainError('CARD_CHANGED')
    if (view.draftExpiresAt.getTime() <= tx.now.getTime()) throw new DomainError('CARD_EXPIRED')
    const expiresAt = new Date(tx.now.getTime() + limits.ttlMs)
    const { hold } = openHold(tx, {
      idempotencyKey: `red-packet:${view.token}`,
      kind: 'red_packet',
      sourceAccountId: ensureWalletAccount(tx, view.senderUserId, view.currency),
      currency: view.currency,
      amountMinor: view.totalMinor,
      expiresAt,
      memo: view.greeting || null,
    })
    const shares =
      view.kind === 'lucky'
        ? splitLucky(view.totalMinor, view.shareCount, random, limits.minShareMinor)
        : view.kind === 'normal'
          ? splitEqual(view.enteredMinor, view.shareCount)
          : [view.totalMinor]
    shares.forEach((amountMinor, position) =>
      tx.run('INSERT INTO red_packet_shares (packet_id, position, amount_minor) VALUES (?, ?, ?)', view.id, position, amountMinor),
    )
    tx.run(
      `UPDATE red_packets SET status = 'open', hold_id = ?, sent_at = ?, expires_at = ?, chat_type = COALESCE(?, chat_type), chat_id = ?, message_id = ?, inline_message_id = ?, locale = ?
       WHERE id = ?`,
      hold.id,
      tx.now.getTime(),
      expiresAt.getTime(),
      placement.chatType,
      placement.chatId ?? null,
      placement.messageId ?? null,
      placement.inlineMessageId ?? null,
      placement.locale,
      view.id,
    )
    return loadView(tx, token)
  })
}

export interface GrabResult {
  amountMinor: bigint
  /** True when this person had grabbed before: they get their share shown again, nothing moves. */
  alreadyGrabbed: boolean
  /** True when this grab took the last share. */
  finishedNow: boolean
  view: RedPacketView
}

/**
 * Open 🧧 pressed: claims the lowest unclaimed share for this person and pays it out of
 * escrow, in one unit of work. One share per person (a unique constraint); none left →
 * PACKET_EMPTY; past its 24 hours → PACKET_EXPIRED even before the refund job ran.
 */
export function grabRedPacket(db: Database, token: string, userId: number): Promise<GrabResult> {
  return db.writer.run((tx) => {
    const row = packetRow(tx, token)
    const packetId = Number(row.id)
    const mine = tx.get<{ amount_minor: bigint }>('SELECT amount_minor FROM red_packet_shares WHERE packet_id = ? AND grabber_user_id = ?', packetId, userId)
    if (mine) return { amountMinor: mine.amount_minor, alreadyGrabbed: true, finishedNow: false, view: loadView(tx, token) }
    if (row.status === 'draft' || row.status === 'cancelled') throw new DomainError('PACKET_NOT_SENT')
    if (row.kind === 'exclusive' && Number(row.target_user_id) !== userId) throw new DomainError('PACKET_NOT_FOR_YOU')
    if (Number(row.sender_user_id) === userId && !(row.kind === 'lucky' && (row.chat_type === 'group' || row.chat_type === 'supergroup'))) {
      throw new DomainError('PACKET_OWN')
    }
    if (row.status === 'finished') throw new DomainError('PACKET_EMPTY')
    if (row.status === 'expired' || Number(row.expires_at) <= tx.now.getTime()) throw new DomainError('PACKET_EXPIRED')
    const share = tx.get<{ id: bigint; amount_minor: bigint }>(
      'SELECT id, amount_minor FROM red_packet_shares WHERE packet_id = ? AND grabber_user_id IS NULL ORDER BY position LIMIT 1',
      packetId,
    )
    if (!share) throw new DomainError('PACKET_EMPTY')
    tx.run('UPDATE red_packet_shares SET grabber_user_id = ?, grabbed_at = ? WHERE id = ?', userId, tx.now.getTime(), share.id)
    releaseFromHold(tx, {
      holdId: Number(row.hold_id),
      toAccountId: ensureWalletAccount(tx, userId, row.currency),
      amountMinor: share.amount_minor,
      idempotencyKey: `red-packet-grab:${packetId}:${userId}`,
      kind: 'red_packet_grab',
      memo: row.greeting || null,
    })
    const left = tx.get<{ n: bigint }>('SELECT COUNT(*) AS n FROM red_packet_shares WHERE packet_id = ? AND grabber_user_id IS NULL', packetId)!.n
    if (left === 0n) tx.run(`UPDATE red_packets SET status = 'finished', finished_at = ? WHERE id = ?`, tx.now.getTime(), packetId)
    return { amountMinor: share.amount_minor, alreadyGrabbed: false, finishedNow: left === 0n, view: loadView(tx, token) }
  })
}

/**
 * Returns what nobody grabbed within 24 hours to each sender (up to `limit` packets), exactly
 * once, with the sender's notice written to the outbox in the same unit of work: the packet
 * closes with its refund, so a second run (or a run racing the last grabs, which the writer
 * serialises) finds nothing left to do. The caller runs it again while it returns a full batch.
 */
export function expireRedPackets(db: Database, limit = 100): Promise<Array<{ view: RedPacketView; refundedMinor: bigint }>> {
  return db.writer.run((tx) => {
    const due = tx.all<{ token: string }>(`SELECT token FROM red_packets WHERE status = 'open' AND expires_at <= ? ORDER BY id LIMIT ?`, tx.now.getTime(), limit)
    return due.map(({ token }) => {
      const row = packetRow(tx, token)
      const returned = returnHold(tx, { holdId: Number(row.hold_id), status: 'expired', kind: 'red_packet_refund', memo: row.greeting || null })
      const refundedMinor = returned?.returnedMinor ?? 0n
      tx.run(`UPDATE red_packets SET status = 'expired', refunded_minor = ?, finished_at = ? WHERE id = ?`, refundedMinor, tx.now.getTime(), row.id)
      const view = loadView(tx, token)
      enqueue(tx, {
        dedupeKey: `red-packet-expired:${view.id}`,
        type: 'red_packet_expired',
        userId: view.senderUserId,
        data: { grabbed: view.grabs.length, count: view.shareCount, refundedMinor: refundedMinor.toString(), currency: view.currency },
      })
      return { view, refundedMinor }
    })
  })
}

export function getRedPacket(db: Database, token: string): Promise<RedPacketView> {
  return db.read((tx) => loadView(tx, token))
}

function assertDraft(view: RedPacketView, actorUserId: number, now: Date): void {
  if (view.senderUserId !== actorUserId) throw new DomainError('NOT_YOUR_BUTTON')
  if (view.status === 'cancelled') throw new DomainError('CARD_CANCELLED')
  if (view.status !== 'draft') throw new DomainError('CARD_NOT_FOUND')
  if (view.draftExpiresAt.getTime() <= now.getTime()) throw new DomainError('CARD_EXPIRED')
}

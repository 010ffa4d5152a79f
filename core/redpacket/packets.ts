import type { SecurityRules } from '../wallet/config.js'
import { authorizeDebit } from '../security/authorize.js'
import { cancelEntriesFor, entryTargets } from '../security/password-entry.js'
import type { Database } from '../db/database.js'
import { asBigint, asNumber, isUniqueViolation, RetryUnit } from '../db/port.js'
import { DomainError, type ErrorCode } from '../errors.js'
import { ensureWalletAccount, writeOnSystemAccount } from '../ledger/accounts.js'
import { openHold, releaseFromHold, returnHold } from '../ledger/holds.js'
import { enqueue } from '../outbox/outbox.js'
import { idempotencyKeys, noticeKeys } from '../common/keys.js'
import { newToken } from '../common/tokens.js'
import { assertAffordableInTx } from '../wallet/balance.js'
import type { FinishedPacket } from './finished-packets.js'
import { effectivePacket, normalizeGreeting, type RedPacketKind, type RedPacketLimits } from './limits.js'
import { loadView, packetByToken, viewOf, type PacketRecord, type RedPacketView } from './packet-store.js'
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
  return db.write(async (tx) => {
    await assertAffordableInTx(tx, request.senderUserId, request.currency, totalMinor)
    const token = newToken()
    await tx.run(
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
      request.kind === 'exclusive' ? (request.targetUserId ?? null) : null,
      request.replyUserId ?? request.targetUserId ?? null,
      request.chatType ?? null,
      new Date(tx.now.getTime() + DRAFT_TTL_MS),
      tx.now,
    )
    return loadView(tx, token)
  })
}

/** The sender switches kind on the card; the total shown follows, and the version goes up. */
export function changeRedPacketKind(db: Database, limits: RedPacketLimits, token: string, actorUserId: number, kind: RedPacketKind): Promise<RedPacketView> {
  return db.write(async (tx) => {
    const packet = await packetByToken(tx, token, { lock: true })
    assertDraft(packet, actorUserId, tx.now)
    const targetUserId = kind === 'exclusive' ? packet.replyUserId : null
    if (kind === 'exclusive' && !targetUserId) throw new DomainError('PACKET_NEEDS_TARGET')
    const { totalMinor, shareCount } = effectivePacket(limits, kind, packet.enteredMinor, packet.enteredCount)
    await assertAffordableInTx(tx, packet.senderUserId, packet.currency, totalMinor)
    await tx.run(
      `UPDATE red_packets SET kind = ?, total_minor = ?, share_count = ?, target_user_id = ?, version = version + 1
       WHERE id = ? AND status = 'draft'`,
      kind,
      totalMinor,
      shareCount,
      targetUserId,
      packet.id,
    )
    return loadView(tx, token)
  })
}

export function cancelRedPacketDraft(db: Database, token: string, actorUserId: number): Promise<RedPacketView> {
  return db.write(async (tx) => {
    const packet = await packetByToken(tx, token, { lock: true })
    if (packet.senderUserId !== actorUserId) throw new DomainError('NOT_YOUR_BUTTON')
    if (packet.status === 'draft') {
      await tx.run(`UPDATE red_packets SET status = 'cancelled' WHERE id = ?`, packet.id)
      await cancelEntriesFor(tx, actorUserId, entryTargets.packetAnyVersion(token))
    }
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
 * are fixed with a fair split, and the packet opens for 24 hours. Sending twice is one send
 * (the packet row is locked, so two presses on two instances take turns). A card that showed
 * an older version of the draft (the kind changed since) sends nothing: CARD_CHANGED, so the
 * sender looks at the current card and confirms what it says.
 */
export function sendRedPacket(db: Database, rules: SecurityRules, limits: RedPacketLimits, request: SendRedPacket, random?: RandomInt): Promise<RedPacketView> {
  const { token, actorUserId, placement } = request
  return writeOnSystemAccount(db, 'red_packet_escrow', async (tx) => {
    const packet = await packetByToken(tx, token, { lock: true })
    if (packet.senderUserId !== actorUserId) throw new DomainError('NOT_YOUR_BUTTON')
    if (packet.status !== 'draft') {
      if (packet.status === 'cancelled') throw new DomainError('CARD_CANCELLED')
      return viewOf(tx, packet) // already sent: the first send stands
    }
    if (packet.version !== request.version) throw new DomainError('CARD_CHANGED')
    if (packet.draftExpiresAt.getTime() <= tx.now.getTime()) throw new DomainError('CARD_EXPIRED')
    const expiresAt = new Date(tx.now.getTime() + limits.ttlMs)
    const { hold, posting } = await openHold(tx, {
      idempotencyKey: idempotencyKeys.redPacketSend(packet.token),
      kind: 'red_packet',
      sourceAccountId: await ensureWalletAccount(tx, packet.senderUserId, packet.currency),
      currency: packet.currency,
      amountMinor: packet.totalMinor,
      expiresAt,
      memo: packet.greeting || null,
    })
    if (!posting.replayed) {
      await authorizeDebit(tx, rules, {
        postingId: posting.postingId,
        userId: packet.senderUserId,
        amountMinor: packet.totalMinor,
        currency: packet.currency,
        flow: 'red_packet',
        target: entryTargets.packet(packet.token, packet.version),
        payeeAccountId: null,
      })
    }
    const shares =
      packet.kind === 'lucky'
        ? splitLucky(packet.totalMinor, packet.shareCount, random, limits.minShareMinor)
        : packet.kind === 'normal'
          ? splitEqual(packet.enteredMinor, packet.shareCount)
          : [packet.totalMinor]
    for (const [position, amountMinor] of shares.entries()) {
      await tx.run('INSERT INTO red_packet_shares (packet_id, position, amount_minor) VALUES (?, ?, ?)', packet.id, position, amountMinor)
    }
    await tx.run(
      `UPDATE red_packets SET status = 'open', hold_id = ?, sent_at = ?, expires_at = ?, chat_type = COALESCE(?, chat_type), chat_id = ?, message_id = ?, inline_message_id = ?, locale = ?
       WHERE id = ?`,
      hold.id,
      tx.now,
      expiresAt,
      placement.chatType,
      placement.chatId ?? null,
      placement.messageId ?? null,
      placement.inlineMessageId ?? null,
      placement.locale,
      packet.id,
    )
    return loadView(tx, token)
  })
}

/** Where a packet's message is, and its currency: what a grabber's answer and the live edit need. */
export type GrabbedPacket = Pick<PacketRecord, 'token' | 'currency' | 'chatId' | 'messageId' | 'inlineMessageId'>

export interface GrabResult {
  amountMinor: bigint
  /** True when this person had grabbed before: they get their share shown again, nothing moves. */
  alreadyGrabbed: boolean
  /** True when this grab took the last share. */
  finishedNow: boolean
  packet: GrabbedPacket
}

const isGroupChat = (chatType: string | null) => chatType === 'group' || chatType === 'supergroup'

/** Why this person may not grab this packet, from its row alone (in this order); undefined if they may. */
function grabRefusal(packet: PacketRecord, userId: number, now: Date): ErrorCode | undefined {
  if (packet.status === 'draft' || packet.status === 'cancelled') return 'PACKET_NOT_SENT'
  if (packet.kind === 'exclusive' && packet.targetUserId !== userId) return 'PACKET_NOT_FOR_YOU'
  if (packet.senderUserId === userId && !(packet.kind === 'lucky' && isGroupChat(packet.chatType))) return 'PACKET_OWN'
  if (packet.status === 'finished') return 'PACKET_EMPTY'
  if (packet.status === 'expired' || packet.expiresAt!.getTime() <= now.getTime()) return 'PACKET_EXPIRED'
  return undefined
}

/**
 * Open 🧧 pressed: claims the lowest unclaimed share for this person and pays it out of
 * escrow, in one unit of work. An open packet's row is locked before its shares are read, so
 * grabs of one packet take turns (they meet on its escrow anyway) and the one that takes the
 * last share knows it. One share per person: a unique (packet, grabber) pair, so a double
 * press on two instances fails the second insert and its retry finds the first grab. None
 * left → PACKET_EMPTY; past its 24 hours → PACKET_EXPIRED even before the refund job ran.
 */
export function grabRedPacket(db: Database, token: string, userId: number): Promise<GrabResult> {
  return writeOnSystemAccount(db, 'red_packet_escrow', async (tx) => {
    const seen = await packetByToken(tx, token)
    const mine = await tx.get<{ amount_minor: unknown }>('SELECT amount_minor FROM red_packet_shares WHERE packet_id = ? AND grabber_user_id = ?', seen.id, userId)
    if (mine) return { amountMinor: asBigint(mine.amount_minor), alreadyGrabbed: true, finishedNow: false, packet: seen }
    // Refused without the packet's lock when its row already refuses: a refusal rests on what
    // never changes (kind, sender, target, expiry) or on a status no grab can change, so the
    // crowd pressing a finished packet does not queue on its lock (PostgreSQL).
    const early = grabRefusal(seen, userId, tx.now)
    if (early) throw new DomainError(early)
    const packet = await packetByToken(tx, token, { lock: true })
    const refusal = grabRefusal(packet, userId, tx.now)
    if (refusal) throw new DomainError(refusal)
    const share = await tx.get<{ id: unknown; amount_minor: unknown }>(
      'SELECT id, amount_minor FROM red_packet_shares WHERE packet_id = ? AND grabber_user_id IS NULL ORDER BY position LIMIT 1',
      packet.id,
    )
    if (!share) throw new DomainError('PACKET_EMPTY')
    const amountMinor = asBigint(share.amount_minor)
    try {
      const taken = await tx.run('UPDATE red_packet_shares SET grabber_user_id = ?, grabbed_at = ? WHERE id = ? AND grabber_user_id IS NULL', userId, tx.now, asNumber(share.id))
      if (taken !== 1) throw new RetryUnit(`share ${String(share.id)} was taken meanwhile`)
    } catch (error) {
      if (isUniqueViolation(error)) throw new RetryUnit('the same person grabbed twice at once')
      throw error
    }
    await releaseFromHold(tx, {
      holdId: packet.holdId!,
      toAccountId: await ensureWalletAccount(tx, userId, packet.currency),
      amountMinor,
      idempotencyKey: idempotencyKeys.redPacketGrab(packet.id, userId),
      kind: 'red_packet_grab',
      memo: packet.greeting || null,
    })
    const left = asNumber((await tx.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM red_packet_shares WHERE packet_id = ? AND grabber_user_id IS NULL', packet.id))!.n)
    if (left === 0) await tx.run(`UPDATE red_packets SET status = 'finished', finished_at = ? WHERE id = ?`, tx.now, packet.id)
    return { amountMinor, alreadyGrabbed: false, finishedNow: left === 0, packet }
  })
}

/**
 * The answer the grab unit would give a press on a packet known to be finished (see
 * FinishedPackets for why that is the same answer), without a unit of work.
 */
export function grabFinished({ packet, grabs }: FinishedPacket, userId: number, now: Date): GrabResult {
  const mine = grabs.get(userId)
  if (mine !== undefined) return { amountMinor: mine, alreadyGrabbed: true, finishedNow: false, packet }
  throw new DomainError(grabRefusal(packet, userId, now) ?? 'PACKET_EMPTY')
}

/**
 * Returns what nobody grabbed within 24 hours to each sender (up to `limit` packets), exactly
 * once, with the sender's notice written to the outbox in the same unit of work: each packet
 * is locked and closes with its refund, so a second run (here or on another instance) or a
 * run racing the last grabs finds nothing left to do. The caller runs it again while it
 * returns a full batch.
 */
export function expireRedPackets(db: Database, limit = 100): Promise<Array<{ view: RedPacketView; refundedMinor: bigint }>> {
  return writeOnSystemAccount(db, 'red_packet_escrow', async (tx) => {
    const due = await tx.all<{ token: string }>(`SELECT token FROM red_packets WHERE status = 'open' AND expires_at <= ? ORDER BY id LIMIT ?`, tx.now, limit)
    const expired: Array<{ view: RedPacketView; refundedMinor: bigint }> = []
    for (const { token } of due) {
      const packet = await packetByToken(tx, token, { lock: true })
      if (packet.status !== 'open') continue // finished by a last grab, or expired by another run
      const returned = await returnHold(tx, { holdId: packet.holdId!, status: 'expired', kind: 'red_packet_refund', memo: packet.greeting || null })
      const refundedMinor = returned?.returnedMinor ?? 0n
      await tx.run(`UPDATE red_packets SET status = 'expired', refunded_minor = ?, finished_at = ? WHERE id = ?`, refundedMinor, tx.now, packet.id)
      const view = await loadView(tx, token)
      await enqueue(tx, {
        dedupeKey: noticeKeys.redPacketExpired(view.id),
        type: 'red_packet_expired',
        userId: view.senderUserId,
        data: { grabbed: view.grabs.length, count: view.shareCount, refundedMinor: refundedMinor.toString(), currency: view.currency },
      })
      expired.push({ view, refundedMinor })
    }
    return expired
  })
}

export function getRedPacket(db: Database, token: string): Promise<RedPacketView> {
  return db.read((tx) => loadView(tx, token))
}

function assertDraft(packet: PacketRecord, actorUserId: number, now: Date): void {
  if (packet.senderUserId !== actorUserId) throw new DomainError('NOT_YOUR_BUTTON')
  if (packet.status === 'cancelled') throw new DomainError('CARD_CANCELLED')
  if (packet.status !== 'draft') throw new DomainError('CARD_NOT_FOUND')
  if (packet.draftExpiresAt.getTime() <= now.getTime()) throw new DomainError('CARD_EXPIRED')
}

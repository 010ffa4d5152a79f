import { asBigint, asBigintOrNull, asDate, asDateOrNull, asNumber, asNumberOrNull, type Tx } from '../db/port.js'
import { DomainError } from '../errors.js'
import type { RedPacketKind } from './limits.js'

export type RedPacketStatus = 'draft' | 'open' | 'finished' | 'expired' | 'cancelled'

export interface Grab {
  userId: number
  username: string | null
  firstName: string
  amountMinor: bigint
  grabbedAt: Date
}

/** A red packet as the bot shows it: the row, plus who grabbed what so far. */
export interface RedPacketView {
  id: number
  token: string
  senderUserId: number
  sender: { username: string | null; firstName: string; locale: string | null; languageCode: string | null; startedAt: Date | null; telegramId: bigint }
  kind: RedPacketKind
  currency: string
  enteredMinor: bigint
  enteredCount: number
  totalMinor: bigint
  shareCount: number
  greeting: string
  targetUserId: number | null
  target: { username: string | null; firstName: string } | null
  replyUserId: number | null
  status: RedPacketStatus
  /** The draft's version: what a card shows, and what its Send button must name. */
  version: number
  /** The language its message is written in (set when sent). */
  locale: string | null
  chatType: string | null
  chatId: bigint | null
  messageId: number | null
  inlineMessageId: string | null
  refundedMinor: bigint
  draftExpiresAt: Date
  sentAt: Date | null
  expiresAt: Date | null
  finishedAt: Date | null
  grabs: Grab[]
  grabbedMinor: bigint
}

/** A `red_packets` row, its values read once (the one place its columns are mapped). */
export interface PacketRecord {
  id: number
  token: string
  senderUserId: number
  kind: RedPacketKind
  currency: string
  enteredMinor: bigint
  enteredCount: number
  totalMinor: bigint
  shareCount: number
  greeting: string
  targetUserId: number | null
  replyUserId: number | null
  status: RedPacketStatus
  version: number
  locale: string | null
  holdId: number | null
  chatType: string | null
  chatId: bigint | null
  messageId: number | null
  inlineMessageId: string | null
  refundedMinor: bigint
  draftExpiresAt: Date
  sentAt: Date | null
  expiresAt: Date | null
  finishedAt: Date | null
}

function toPacket(row: Record<string, unknown>): PacketRecord {
  return {
    id: asNumber(row.id),
    token: row.token as string,
    senderUserId: asNumber(row.sender_user_id),
    kind: row.kind as RedPacketKind,
    currency: row.currency as string,
    enteredMinor: asBigint(row.entered_minor),
    enteredCount: asNumber(row.entered_count),
    totalMinor: asBigint(row.total_minor),
    shareCount: asNumber(row.share_count),
    greeting: row.greeting as string,
    targetUserId: asNumberOrNull(row.target_user_id),
    replyUserId: asNumberOrNull(row.reply_user_id),
    status: row.status as RedPacketStatus,
    version: asNumber(row.version),
    locale: row.locale as string | null,
    holdId: asNumberOrNull(row.hold_id),
    chatType: row.chat_type as string | null,
    chatId: asBigintOrNull(row.chat_id),
    messageId: asNumberOrNull(row.message_id),
    inlineMessageId: row.inline_message_id as string | null,
    refundedMinor: asBigint(row.refunded_minor),
    draftExpiresAt: asDate(row.draft_expires_at),
    sentAt: asDateOrNull(row.sent_at),
    expiresAt: asDateOrNull(row.expires_at),
    finishedAt: asDateOrNull(row.finished_at),
  }
}

/** The packet by its token; with `lock`, its row is locked until the unit ends. */
export async function packetByToken(tx: Tx, token: string, { lock = false } = {}): Promise<PacketRecord> {
  const row = await tx.get<Record<string, unknown>>(`SELECT * FROM red_packets WHERE token = ?${lock ? ' FOR UPDATE' : ''}`, token)
  if (!row) throw new DomainError('PACKET_NOT_FOUND')
  return toPacket(row)
}

async function person(tx: Tx, userId: number) {
  const row = await tx.get<Record<string, unknown>>('SELECT username, first_name, locale, language_code, started_at, telegram_id FROM users WHERE id = ?', userId)
  if (!row) throw new Error(`user ${userId} not found`)
  return {
    username: row.username as string | null,
    firstName: row.first_name as string,
    locale: row.locale as string | null,
    languageCode: row.language_code as string | null,
    startedAt: asDateOrNull(row.started_at),
    telegramId: asBigint(row.telegram_id),
  }
}

export async function loadView(tx: Tx, token: string): Promise<RedPacketView> {
  return viewOf(tx, await packetByToken(tx, token))
}

export async function viewOf(tx: Tx, packet: PacketRecord): Promise<RedPacketView> {
  const grabs = (
    await tx.all<Record<string, unknown>>(
      `SELECT s.grabber_user_id, u.username, u.first_name, s.amount_minor, s.grabbed_at
       FROM red_packet_shares s JOIN users u ON u.id = s.grabber_user_id
       WHERE s.packet_id = ? ORDER BY s.grabbed_at, s.position`,
      packet.id,
    )
  ).map((g) => ({
    userId: asNumber(g.grabber_user_id),
    username: g.username as string | null,
    firstName: g.first_name as string,
    amountMinor: asBigint(g.amount_minor),
    grabbedAt: asDate(g.grabbed_at),
  }))
  const sender = await person(tx, packet.senderUserId)
  const target = packet.targetUserId === null ? null : await person(tx, packet.targetUserId)
  const { holdId: _holdId, ...shown } = packet
  return {
    ...shown,
    sender,
    target: target ? { username: target.username, firstName: target.firstName } : null,
    grabs,
    grabbedMinor: grabs.reduce((sum, g) => sum + g.amountMinor, 0n),
  }
}

/** 手气最佳: the largest share of a finished lucky packet (everyone tied for it). */
export function luckiest(view: RedPacketView): Set<number> {
  if (view.kind !== 'lucky' || view.status !== 'finished' || view.grabs.length < 2) return new Set()
  const best = view.grabs.reduce((max, g) => (g.amountMinor > max ? g.amountMinor : max), 0n)
  return new Set(view.grabs.filter((g) => g.amountMinor === best).map((g) => g.userId))
}

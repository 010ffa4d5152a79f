import type { WriteTx } from '../db/write-tx.js'
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

interface PacketRow {
  id: bigint
  token: string
  sender_user_id: bigint
  kind: RedPacketKind
  currency: string
  entered_minor: bigint
  entered_count: bigint
  total_minor: bigint
  share_count: bigint
  greeting: string
  target_user_id: bigint | null
  reply_user_id: bigint | null
  status: RedPacketStatus
  version: bigint
  locale: string | null
  hold_id: bigint | null
  chat_type: string | null
  chat_id: bigint | null
  message_id: bigint | null
  inline_message_id: string | null
  refunded_minor: bigint
  draft_expires_at: bigint
  sent_at: bigint | null
  expires_at: bigint | null
  finished_at: bigint | null
}

const date = (ms: bigint | null) => (ms === null ? null : new Date(Number(ms)))
const num = (value: bigint | null) => (value === null ? null : Number(value))

export function packetRow(tx: WriteTx, token: string): PacketRow {
  const row = tx.get<PacketRow>('SELECT * FROM red_packets WHERE token = ?', token)
  if (!row) throw new DomainError('PACKET_NOT_FOUND')
  return row
}

function person(tx: WriteTx, userId: number) {
  return tx.get<{ username: string | null; first_name: string; locale: string | null; language_code: string | null; started_at: bigint | null; telegram_id: bigint }>(
    'SELECT username, first_name, locale, language_code, started_at, telegram_id FROM users WHERE id = ?',
    userId,
  )
}

export function loadView(tx: WriteTx, token: string): RedPacketView {
  const row = packetRow(tx, token)
  const grabs = tx
    .all<{ grabber_user_id: bigint; username: string | null; first_name: string; amount_minor: bigint; grabbed_at: bigint }>(
      `SELECT s.grabber_user_id, u.username, u.first_name, s.amount_minor, s.grabbed_at
       FROM red_packet_shares s JOIN users u ON u.id = s.grabber_user_id
       WHERE s.packet_id = ? ORDER BY s.grabbed_at, s.position`,
      row.id,
    )
    .map((g) => ({ userId: Number(g.grabber_user_id), username: g.username, firstName: g.first_name, amountMinor: g.amount_minor, grabbedAt: new Date(Number(g.grabbed_at)) }))
  const sender = person(tx, Number(row.sender_user_id))!
  const target = row.target_user_id === null ? undefined : person(tx, Number(row.target_user_id))
  return {
    id: Number(row.id),
    token: row.token,
    senderUserId: Number(row.sender_user_id),
    sender: {
      username: sender.username,
      firstName: sender.first_name,
      locale: sender.locale,
      languageCode: sender.language_code,
      startedAt: date(sender.started_at),
      telegramId: sender.telegram_id,
    },
    kind: row.kind,
    currency: row.currency,
    enteredMinor: row.entered_minor,
    enteredCount: Number(row.entered_count),
    totalMinor: row.total_minor,
    shareCount: Number(row.share_count),
    greeting: row.greeting,
    targetUserId: num(row.target_user_id),
    target: target ? { username: target.username, firstName: target.first_name } : null,
    replyUserId: num(row.reply_user_id),
    status: row.status,
    version: Number(row.version),
    locale: row.locale,
    chatType: row.chat_type,
    chatId: row.chat_id,
    messageId: num(row.message_id),
    inlineMessageId: row.inline_message_id,
    refundedMinor: row.refunded_minor,
    draftExpiresAt: new Date(Number(row.draft_expires_at)),
    sentAt: date(row.sent_at),
    expiresAt: date(row.expires_at),
    finishedAt: date(row.finished_at),
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

/**
 * Every button's callback data, one typed pack/unpack pair per kind of button. A money button
 * carries only a random token (16 characters) naming a row that says who may press it and
 * what it does, plus what the card showed when that can change (a draft's version); data
 * that was altered unpacks to nothing, or names nobody's row. All of it stays far below
 * Telegram's 64 bytes.
 */
export interface ButtonKind<T> {
  /** The data's first part, naming the kind of button: how presses are routed. */
  readonly prefix: string
  pack(value: T): string
  /** The value, or undefined when the data is not one this kind could have made. */
  unpack(data: string): T | undefined
}

import { isMonth, type Month } from '../core/statements/calendar.js'
import type { BillType } from '../core/wallet/bill-types.js'

const TOKEN = /^[A-Za-z0-9_-]{16}$/

function kind<T>(prefix: string, fields: { pack(value: T): string; unpack(rest: string): T | undefined }, separator = ':'): ButtonKind<T> {
  const head = `${prefix}${separator}`
  return {
    prefix,
    pack: (value) => `${head}${fields.pack(value)}`,
    unpack: (data) => (data.startsWith(head) ? fields.unpack(data.slice(head.length)) : undefined),
  }
}

const tokenKind = (prefix: string) => kind<string>(prefix, { pack: (token) => token, unpack: (rest) => (TOKEN.test(rest) ? rest : undefined) })

/** What a bills list shows: a page (by cursor) under a filter of month, direction and type. */
export interface BillsView {
  beforeEntryId: number
  page: number
  month: Month | null
  direction: 'in' | 'out' | null
  type: BillType | null
}

const TYPE_CODES: Record<BillType, string> = { transfer: 't', red_packet: 'r', merchant: 'm', topup: 'u', withdrawal: 'w', other: 'o' }
const TYPE_OF_CODE = new Map(Object.entries(TYPE_CODES).map(([type, code]) => [code, type as BillType]))

function packBillsView(view: BillsView): string {
  return `${view.beforeEntryId}:${view.page}:${view.month ?? ''}:${view.direction ?? ''}:${view.type ? TYPE_CODES[view.type] : ''}`
}

function unpackBillsView(rest: string): BillsView | undefined {
  const m = /^(\d{1,15}):(\d{1,6}):(\d{4}-\d{2})?:(in|out)?:([trumwo])?$/.exec(rest)
  if (!m || (m[3] && !isMonth(m[3]))) return undefined
  return {
    beforeEntryId: Number(m[1]),
    page: Number(m[2]),
    month: m[3] ?? null,
    direction: (m[4] as 'in' | 'out' | undefined) ?? null,
    type: m[5] ? TYPE_OF_CODE.get(m[5])! : null,
  }
}

/** A Lingqian QR code read from a photo: a receive code (收款码, a merchant's static code too) or a merchant order. */
export interface ScannedCode {
  kind: 'code' | 'order'
  token: string
}

const PACKET_KINDS = ['lucky', 'normal', 'exclusive'] as const
type PacketKind = (typeof PACKET_KINDS)[number]

export const buttons = {
  confirmCard: tokenKind('pay:ok'),
  cancelCard: tokenKind('pay:no'),
  cancelClaim: tokenKind('clm:no'),
  /** A merchant order's Pay (the payer) and Cancel (leaves the order open for the merchant). */
  payOrder: tokenKind('ord:ok'),
  dismissOrder: tokenKind('ord:no'),
  /** The merchant's Close order on its /charge message (the owner only, checked when pressed). */
  closeOrder: tokenKind('ord:x'),
  /** A refund card's Confirm / Cancel (the merchant's owner only, checked when pressed). */
  confirmRefund: tokenKind('rf:ok'),
  cancelRefund: tokenKind('rf:no'),
  /** Move to my wallet on the merchant dashboard: always the presser's own merchant. */
  settleMerchant: kind<'settle'>('mer', { pack: (action) => action, unpack: (rest) => (rest === 'settle' ? rest : undefined) }),
  receiveOffer: tokenKind('inl:get'),
  cancelOffer: tokenKind('inl:no'),
  cancelPacket: tokenKind('rp:x'),
  grabPacket: tokenKind('rp:g'),
  /** A page of bills under a filter; the presser's own bills, so it needs no owner. */
  billsPage: kind<BillsView>('bil', { pack: packBillsView, unpack: unpackBillsView }),
  /** One bill's details, and the list view to go back to. Looked up in the presser's own wallet only. */
  billDetail: kind<{ entryId: number; view: BillsView }>('bd', {
    pack: ({ entryId, view }) => `${entryId}:${packBillsView(view)}`,
    unpack: (rest) => {
      const m = /^(\d{1,15}):(.*)$/.exec(rest)
      const view = m ? unpackBillsView(m[2]!) : undefined
      return m && view ? { entryId: Number(m[1]), view } : undefined
    },
  }),
  /** The month picker of the bills list. */
  billsMonths: kind<BillsView>('bm', { pack: packBillsView, unpack: unpackBillsView }),
  /** A CSV of a month's bills. */
  billsExport: kind<string>('bx', { pack: (month) => month, unpack: (rest) => (isMonth(rest) ? rest : undefined) }),
  packetKind: kind<{ kind: PacketKind; token: string }>('rp:k', {
    pack: ({ kind: k, token }) => `${k}:${token}`,
    unpack: (rest) => {
      const [k = '', token = ''] = rest.split(':')
      return (PACKET_KINDS as readonly string[]).includes(k) && TOKEN.test(token) ? { kind: k as PacketKind, token } : undefined
    },
  }),
  /** Send names the draft and the version its card showed. */
  sendPacket: kind<{ token: string; version: number }>('rp:s', {
    pack: ({ token, version }) => `${token}:${version}`,
    unpack: (rest) => {
      const m = /^([A-Za-z0-9_-]{16}):(\d{1,9})$/.exec(rest)
      return m ? { token: m[1]!, version: Number(m[2]) } : undefined
    },
  }),
  /** A private draft above the free amounts: give the password for this version before sending it to a chat. */
  packetPassword: kind<{ token: string; version: number }>('rp:p', {
    pack: ({ token, version }) => `${token}:${version}`,
    unpack: (rest) => {
      const m = /^([A-Za-z0-9_-]{16}):(\d{1,9})$/.exec(rest)
      return m ? { token: m[1]!, version: Number(m[2]) } : undefined
    },
  }),
  /** A month's statement (its Previous button): the presser's own, so it needs no owner. */
  statementMonth: kind<string>('stm', { pack: (month) => month, unpack: (rest) => (isMonth(rest) ? rest : undefined) }),
  /** A time zone button on /settings: the zone itself, checked against Intl when pressed. */
  timeZone: kind<string>('tz', { pack: (zone) => zone, unpack: (rest) => (/^[A-Za-z][A-Za-z0-9_+\-/]{0,50}$/.test(rest) ? rest : undefined) }),
  /** Freeze now / Unfreeze in the security center: always the presser's own account. */
  security: kind<'freeze' | 'unfreeze'>('sec', { pack: (action) => action, unpack: (rest) => (rest === 'freeze' || rest === 'unfreeze' ? rest : undefined) }),
  /**
   * A keypad key of one password entry: the entry, the sequence number its keypad showed,
   * and the key's position on the entry's shuffled layout (0–9), ⌫ (`b`) or ✕ (`x`) — never
   * the digit itself.
   */
  keypad: kind<{ token: string; seq: number; key: number | 'back' | 'cancel' }>('pk', {
    pack: ({ token, seq, key }) => `${token}:${seq}:${key === 'back' ? 'b' : key === 'cancel' ? 'x' : key}`,
    unpack: (rest) => {
      const m = /^([A-Za-z0-9_-]{16}):(\d{1,6}):([0-9bx])$/.exec(rest)
      if (!m) return undefined
      const key = m[3] === 'b' ? 'back' : m[3] === 'x' ? 'cancel' : Number(m[3])
      return { token: m[1]!, seq: Number(m[2]), key }
    },
  }),
  /** The security center's password buttons: set it, change it, or reset a forgotten one. */
  password: kind<'set' | 'change' | 'reset'>('pw', { pack: (action) => action, unpack: (rest) => (rest === 'set' || rest === 'change' || rest === 'reset' ? rest : undefined) }),
  /** The security center's Verify phone: asks for the person's own contact. */
  verifyPhone: kind<'verify'>('ph', { pack: (action) => action, unpack: (rest) => (rest === 'verify' ? rest : undefined) }),
  /** An admin's Approve / Reject on a payment held for review: the held payment's id (admins only, checked when pressed). */
  review: kind<{ heldPaymentId: number; decision: 'approve' | 'reject' }>('rv', {
    pack: ({ heldPaymentId, decision }) => `${decision === 'approve' ? 'a' : 'r'}:${heldPaymentId}`,
    unpack: (rest) => {
      const m = /^([ar]):(\d{1,15})$/.exec(rest)
      return m ? { decision: m[1] === 'a' ? 'approve' : 'reject', heldPaymentId: Number(m[2]) } : undefined
    },
  }),
  /** One of several codes found in a photo: a receive code's or an order's token (looked up, and checked, again when pressed). */
  scanPick: kind<ScannedCode>('scn', {
    pack: ({ kind: k, token }) => `${k === 'order' ? 'o' : 'c'}:${token}`,
    unpack: (rest) => {
      const m = /^([co]):([A-Za-z0-9_-]{16})$/.exec(rest)
      return m ? { kind: m[1] === 'o' ? 'order' : 'code', token: m[2]! } : undefined
    },
  }),
  /** /cards: Add a card (always the presser's own cards). */
  cards: kind<'add'>('bk', { pack: (action) => action, unpack: (rest) => (rest === 'add' ? rest : undefined) }),
  /** Remove one of the presser's cards (asks for the password; the card is looked up among the presser's own). */
  unbindCard: tokenKind('bk:u'),
  /**
   * A key of a card binding's verification-code keypad: the binding, the sequence number its
   * keypad showed, and the digit (a one-time code the bank just texted, not a secret kept),
   * ⌫ (`b`) or ✕ (`x`).
   */
  codeKey: kind<{ token: string; seq: number; key: number | 'back' | 'cancel' }>('bkc', {
    pack: ({ token, seq, key }) => `${token}:${seq}:${key === 'back' ? 'b' : key === 'cancel' ? 'x' : key}`,
    unpack: (rest) => {
      const m = /^([A-Za-z0-9_-]{16}):(\d{1,6}):([0-9bx])$/.exec(rest)
      if (!m) return undefined
      return { token: m[1]!, seq: Number(m[2]), key: m[3] === 'b' ? 'back' : m[3] === 'x' ? 'cancel' : Number(m[3]) }
    },
  }),
  /** Which card a top-up (`t`) or withdrawal (`w`) of the amount the message showed goes with. */
  bankCardPick: kind<{ kind: 'topup' | 'withdrawal'; cardToken: string; amountMinor: bigint }>('bko', {
    pack: ({ kind: k, cardToken, amountMinor }) => `${k === 'topup' ? 't' : 'w'}:${cardToken}:${amountMinor}`,
    unpack: (rest) => {
      const m = /^([tw]):([A-Za-z0-9_-]{16}):(\d{1,15})$/.exec(rest)
      return m ? { kind: m[1] === 't' ? 'topup' : 'withdrawal', cardToken: m[2]!, amountMinor: BigInt(m[3]!) } : undefined
    },
  }),
  language: kind<'en' | 'zh'>('lang', { pack: (locale) => locale, unpack: (rest) => (rest === 'en' || rest === 'zh' ? rest : undefined) }),
}

/** An inline result for a red packet names the draft and the version its card showed. */
export const inlinePacketResult = kind<{ token: string; version: number }>(
  'rp',
  {
    pack: ({ token, version }) => `${token}_${version}`,
    unpack: (rest) => {
      const m = /^([A-Za-z0-9_-]{16})_(\d{1,9})$/.exec(rest)
      return m ? { token: m[1]!, version: Number(m[2]) } : undefined
    },
  },
  '_',
)

/** Deep-link payloads (`t.me/<bot>?start=<payload>`: letters, digits, _ and - only). */
/** The t.me link that opens the bot's private chat at `payload`: what a QR code, a claim link or an Open button carries. */
export const startLink = (botUsername: string, payload: string) => `https://t.me/${botUsername}?start=${payload}`

export const startPayload = {
  claim: kind<string>('claim', { pack: (token) => token, unpack: (rest) => (TOKEN.test(rest) ? rest : undefined) }, '_'),
  /** A merchant order (`/charge`): its QR and link. */
  order: kind<string>('od', { pack: (token) => token, unpack: (rest) => (TOKEN.test(rest) ? rest : undefined) }, '_'),
  /** A receive code (收款码): the QR a phone camera opens the bot with. */
  receiveCode: kind<string>('rc', { pack: (token) => token, unpack: (rest) => (TOKEN.test(rest) ? rest : undefined) }, '_'),
  /** A password entry asked for in a group, typed in the private chat this link opens. */
  password: kind<string>('pw', { pack: (token) => token, unpack: (rest) => (TOKEN.test(rest) ? rest : undefined) }, '_'),
}

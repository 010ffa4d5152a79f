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

import { isMonth } from '../core/statements/calendar.js'

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

const PACKET_KINDS = ['lucky', 'normal', 'exclusive'] as const
type PacketKind = (typeof PACKET_KINDS)[number]

export const buttons = {
  confirmCard: tokenKind('pay:ok'),
  cancelCard: tokenKind('pay:no'),
  cancelClaim: tokenKind('clm:no'),
  receiveOffer: tokenKind('inl:get'),
  cancelOffer: tokenKind('inl:no'),
  cancelPacket: tokenKind('rp:x'),
  grabPacket: tokenKind('rp:g'),
  billsPage: kind<{ beforeEntryId: number; page: number }>('bil', {
    pack: ({ beforeEntryId, page }) => `${beforeEntryId}:${page}`,
    unpack: (rest) => {
      const m = /^(\d{1,15}):(\d{1,6})$/.exec(rest)
      return m ? { beforeEntryId: Number(m[1]), page: Number(m[2]) } : undefined
    },
  }),
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
  /** A month's statement (its Previous button): the presser's own, so it needs no owner. */
  statementMonth: kind<string>('stm', { pack: (month) => month, unpack: (rest) => (isMonth(rest) ? rest : undefined) }),
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
export const startPayload = {
  claim: kind<string>('claim', { pack: (token) => token, unpack: (rest) => (TOKEN.test(rest) ? rest : undefined) }, '_'),
}

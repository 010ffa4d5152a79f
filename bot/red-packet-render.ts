import { InlineKeyboard } from 'grammy'
import type { RedPacketView } from '../core/redpacket/packet-store.js'
import { luckiest } from '../core/redpacket/packet-store.js'
import type { BotLocale } from './i18n.js'
import { buttons } from './callback-data.js'
import { esc, money, personLabel } from './render.js'

export type Translate = (key: string, vars?: Record<string, string | number>) => string

/** Telegram allows 4096 characters; long grab lists stop well before that. */
const MAX_TEXT = 3800

function kindLabel(t: Translate, locale: BotLocale, view: RedPacketView): string {
  if (view.kind === 'normal') return t('rp-kind-normal', { each: money(view.enteredMinor, view.currency, locale) })
  if (view.kind === 'exclusive') return t('rp-kind-exclusive', { target: view.target ? personLabel(view.target) : '?' })
  return t('rp-kind-lucky')
}

const greetingLine = (t: Translate, view: RedPacketView) => (view.greeting ? `\n${t('rp-greeting-line', { greeting: esc(view.greeting) })}` : '')

/**
 * The sender's confirmation card: kind, shares, what leaves the wallet. Kind buttons (the
 * exclusive one only when the command named someone), then Send — or, in private chat,
 * "Send to a chat", which opens inline mode with the draft's token; where no password can be
 * typed, so above the free amounts (`needsPassword`) the password is given here first.
 */
export function renderCard(t: Translate, locale: BotLocale, view: RedPacketView, targetLabel: string | null, inPrivate: boolean, needsPassword = false) {
  const total = money(view.totalMinor, view.currency, locale)
  const text =
    t('rp-card', { kind: kindLabel(t, locale, view), count: view.shareCount, total }) +
    greetingLine(t, view) +
    `\n${inPrivate ? t('rp-card-private-footer') : t('rp-card-footer', { from: personLabel(view.sender) })}`
  const mark = (kind: string, text: string) => (view.kind === kind ? `✓ ${text}` : text)
  const keyboard = new InlineKeyboard()
    .text(mark('lucky', t('button-rp-lucky')), buttons.packetKind.pack({ kind: 'lucky', token: view.token }))
    .text(mark('normal', t('button-rp-normal')), buttons.packetKind.pack({ kind: 'normal', token: view.token }))
  if (targetLabel) keyboard.text(mark('exclusive', t('button-rp-exclusive', { target: targetLabel })), buttons.packetKind.pack({ kind: 'exclusive', token: view.token }))
  keyboard.row()
  if (inPrivate && needsPassword) keyboard.text(t('button-rp-password'), buttons.packetPassword.pack({ token: view.token, version: view.version }))
  else if (inPrivate) keyboard.switchInline(t('button-rp-to-chat'), `hb #${view.token}`)
  else keyboard.text(t('button-rp-send', { total }), buttons.sendPacket.pack({ token: view.token, version: view.version }))
  keyboard.text(t('button-cancel'), buttons.cancelPacket.pack(view.token))
  return { text, keyboard }
}

/** The message members see: progress while open; the grab list, luckiest and duration when done. */
export function renderLive(t: Translate, locale: BotLocale, view: RedPacketView) {
  const sender = personLabel(view.sender)
  const fmt = (minor: bigint) => money(minor, view.currency, locale)
  if (view.status === 'open') {
    const text =
      t('rp-live-open', { sender, kind: kindLabel(t, locale, view), grabbed: view.grabs.length, count: view.shareCount, left: fmt(view.totalMinor - view.grabbedMinor) }) +
      greetingLine(t, view)
    return { text, keyboard: new InlineKeyboard().text(t('button-rp-open'), buttons.grabPacket.pack(view.token)) }
  }
  const head =
    view.status === 'finished'
      ? t('rp-live-finished', { sender, count: view.shareCount, total: fmt(view.totalMinor), duration: duration(t, view.finishedAt!.getTime() - view.sentAt!.getTime()) })
      : t('rp-live-expired', { sender, grabbed: view.grabs.length, count: view.shareCount, refund: fmt(view.refundedMinor) })
  const best = luckiest(view)
  const lines: string[] = []
  let length = head.length
  for (const [i, grab] of view.grabs.entries()) {
    const line = t('rp-grab-line', { who: personLabel(grab), amount: fmt(grab.amountMinor) }) + (best.has(grab.userId) ? ` ${t('rp-luckiest')}` : '')
    if (length + line.length > MAX_TEXT) {
      lines.push(t('rp-more-grabs', { count: view.grabs.length - i }))
      break
    }
    lines.push(line)
    length += line.length + 1
  }
  return { text: [head + greetingLine(t, view), '', ...lines].join('\n'), keyboard: undefined }
}

/** How long a packet took, in one unit as WeChat says it: 5秒, 2分钟, 3小时, never "0秒". */
function duration(t: Translate, ms: number): string {
  if (ms < 1000) return t('duration-under-a-second')
  const s = Math.floor(ms / 1000)
  if (s < 60) return t('duration-seconds', { n: s })
  if (s < 3600) return t('duration-minutes', { n: Math.floor(s / 60) })
  return t('duration-hours', { n: Math.floor(s / 3600) })
}

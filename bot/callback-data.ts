/**
 * Every button's callback data, in one place. A money button carries only a random token
 * (16 characters) naming a row that says who may press it and what it does; data that was
 * altered names no row, or somebody else's. All of it stays far below Telegram's 64 bytes.
 */
const TOKEN = '([A-Za-z0-9_-]{16})'

export const callbackData = {
  confirmCard: (token: string) => `pay:ok:${token}`,
  cancelCard: (token: string) => `pay:no:${token}`,
  cancelClaim: (token: string) => `clm:no:${token}`,
  receiveOffer: (token: string) => `inl:get:${token}`,
  cancelOffer: (token: string) => `inl:no:${token}`,
  billsPage: (beforeEntryId: number, page: number) => `bil:${beforeEntryId}:${page}`,
  packetKind: (kind: 'lucky' | 'normal' | 'exclusive', token: string) => `rp:k:${kind}:${token}`,
  sendPacket: (token: string, version: number) => `rp:s:${token}:${version}`,
  cancelPacket: (token: string) => `rp:x:${token}`,
  grabPacket: (token: string) => `rp:g:${token}`,
  language: (locale: string) => `lang:${locale}`,
}

export const callbackPattern = {
  confirmCard: new RegExp(`^pay:ok:${TOKEN}$`),
  cancelCard: new RegExp(`^pay:no:${TOKEN}$`),
  cancelClaim: new RegExp(`^clm:no:${TOKEN}$`),
  receiveOffer: new RegExp(`^inl:get:${TOKEN}$`),
  cancelOffer: new RegExp(`^inl:no:${TOKEN}$`),
  billsPage: /^bil:(\d{1,15}):(\d{1,6})$/,
  packetKind: new RegExp(`^rp:k:(lucky|normal|exclusive):${TOKEN}$`),
  sendPacket: new RegExp(`^rp:s:${TOKEN}:(\\d{1,9})$`),
  cancelPacket: new RegExp(`^rp:x:${TOKEN}$`),
  grabPacket: new RegExp(`^rp:g:${TOKEN}$`),
  language: /^lang:(en|zh)$/,
}

/** An inline result for a red packet names the draft and the version its card showed. */
export const inlinePacketResult = {
  id: (token: string, version: number) => `rp_${token}_${version}`,
  pattern: new RegExp(`^rp_${TOKEN}_(\\d{1,9})$`),
}

/** Deep-link payloads (`t.me/<bot>?start=<payload>`). */
export const startPayload = {
  claim: (token: string) => `claim_${token}`,
  claimPattern: new RegExp(`^claim_${TOKEN}$`),
}

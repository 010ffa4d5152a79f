import { BlockList, isIP, type LookupFunction } from 'node:net'
import { lookup } from 'node:dns'

/*
 * Where a shop may ask to be notified: an https URL on a public address. Otherwise anyone
 * with a merchant key could make our servers call into their own network (SSRF). The check
 * runs when the order is made (a clear refusal) and again on every delivery, in the socket's
 * own DNS lookup, so a name that later resolves to a private address is still refused.
 * `MERCHANT_NOTIFY_ALLOW_PRIVATE=true` lifts it, for development and tests.
 */

export const NOTIFY_URL_MAX = 256
const DNS_TIMEOUT_MS = 3000

const PRIVATE = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4')
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback and IPv4-compatible (::a.b.c.d)
  ['64:ff9b::', 96], // NAT64: an IPv4 address behind a translator
  ['2002::', 16], // 6to4: an IPv4 address inside
  ['fec0::', 10], // site-local (deprecated, still routed somewhere)
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6')
}

/** A private, loopback, link-local or otherwise non-public address (IPv4-mapped IPv6 too). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4')
  const family = isIP(address)
  return family === 0 || PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

/** The URL when its form is acceptable (https, no credentials, no private address literal), else undefined. */
export function parseNotifyUrl(text: string, allowPrivate: boolean): URL | undefined {
  if (text.length === 0 || text.length > NOTIFY_URL_MAX) return undefined
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return undefined
  }
  if (url.username || url.password || !url.hostname) return undefined
  if (allowPrivate) return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined
  if (url.protocol !== 'https:') return undefined
  const host = url.hostname.replace(/^\[|\]$/g, '')
  return isIP(host) && isPrivateAddress(host) ? undefined : url
}

/** True when the URL's host resolves only to public addresses (checked when an order names it). */
export function resolvesPublicly(url: URL): Promise<boolean> {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host)) return Promise.resolve(!isPrivateAddress(host))
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), DNS_TIMEOUT_MS) // a name that does not resolve soon is refused
    lookup(host, { all: true }, (error, addresses) => {
      clearTimeout(timer)
      resolve(!error && addresses.length > 0 && addresses.every((entry) => !isPrivateAddress(entry.address)))
    })
  })
}

/** A socket lookup that refuses private addresses: the connection goes only where the check passed. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0)
    const refused = addresses.find((entry) => isPrivateAddress(entry.address))
    if (refused || addresses.length === 0) return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' }), '', 0)
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses)
    callback(null, addresses[0]!.address, addresses[0]!.family)
  })
}

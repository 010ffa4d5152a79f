import type { MiddlewareHandler } from 'hono'

/**
 * The playground's API answers only this machine's browser tab, not another website open in
 * it: the Host must be one the server listens as (a DNS-rebinding page has its own name), an
 * Origin must be that same host, and a POST must say JSON or an image — which a cross-site
 * form or a no-cors fetch cannot. With PLAYGROUND_HOST=0.0.0.0 any Host is accepted (the
 * README warns that then anyone who reaches the page acts as anyone).
 */
export function localOnly(allowedHosts: () => Set<string> | 'any'): MiddlewareHandler {
  return async (c, next) => {
    const host = (c.req.header('host') ?? '').toLowerCase()
    const allowed = allowedHosts()
    if (allowed !== 'any' && !allowed.has(host)) return c.json({ error: 'unknown host' }, 403)
    const origin = c.req.header('origin')
    if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) return c.json({ error: 'cross-site request' }, 403)
    const type = c.req.header('content-type') ?? ''
    if (c.req.method === 'POST' && !/^application\/json\b/i.test(type) && !/^image\//i.test(type)) return c.json({ error: 'JSON or an image, please' }, 415)
    await next()
  }
}

/** The names a browser on this machine reaches `port` by. */
export function loopbackHosts(host: string, port: number): Set<string> | 'any' {
  if (host === '0.0.0.0' || host === '::') return 'any'
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${host.includes(':') ? `[${host}]` : host}:${port}`.toLowerCase()])
}

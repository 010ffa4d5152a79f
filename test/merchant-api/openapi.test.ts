import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { OUT_REFUND_NO, OUT_TRADE_NO, TRANSACTION_ID } from '../../bot/http/merchant-api/request-fields.js'
import { RETRY_SCHEDULE_MS } from '../../core/merchant-api/notifications.js'

/*
 * The merchant API's OpenAPI description (bot/http/merchant-api/openapi.json) read against
 * the code it describes: the same routes, error codes and statuses, signed headers, field
 * patterns, notifications and retry schedule. A route or a code added to the code and not
 * to the description (or the other way round) fails here.
 */

type Json = any

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')
const spec: Json = JSON.parse(read('bot/http/merchant-api/openapi.json'))
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

/** What a `$ref` inside the description points at (undefined when nothing). */
const resolve = (node: Json): Json => (typeof node?.$ref === 'string' ? node.$ref.split('/').slice(1).reduce((at: Json, key: string) => at?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], spec) : node)

/** Every (status, response) of every operation, references resolved. */
const responses = () =>
  Object.entries<Json>(spec.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).flatMap((method) => Object.entries<Json>(item[method].responses).map(([status, response]) => ({ where: `${method.toUpperCase()} ${path} ${status}`, status, response: resolve(response) }))),
  )

/** The (status, code) pairs ANSWERS in api-errors.ts gives each ApiErrorCode. */
function statusesInCode(): Record<string, number> {
  const answers = /const ANSWERS[^=]*=\s*\{([\s\S]*?)\n\}/.exec(read('bot/http/merchant-api/api-errors.ts'))
  expect(answers, 'ANSWERS in api-errors.ts').not.toBeNull()
  return Object.fromEntries([...answers![1]!.matchAll(/([A-Z_]+):\s*\{\s*status:\s*(\d{3})/g)].map((m) => [m[1]!, Number(m[2])]))
}

describe('the merchant API’s OpenAPI description matches the code', () => {
  it('is JSON, OpenAPI 3.1, with the WECHATPAY2 Authorization as an apiKey scheme', () => {
    expect(spec.openapi).toMatch(/^3\.1/)
    expect(spec.components.securitySchemes.WechatPay2).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' })
    expect(spec.components.securitySchemes.WechatPay2.description).toContain('WECHATPAY2-SHA256-RSA2048')
    expect(spec.security).toEqual([{ WechatPay2: [] }])
  })

  it('describes exactly the routes routes.ts registers', () => {
    const routes = read('bot/http/merchant-api/routes.ts')
    // Only get and post are used (and one catch-all that answers 404): a route registered another way would escape the comparison below.
    expect(routes.replace("app.all('*',", '')).not.toMatch(/\bapp\.(put|delete|patch|all|on|options|head)\(/)
    const inCode = [...routes.matchAll(/\bapp\.(get|post)\(\s*'([^']+)'/g)].map(([, method, path]) => `${method!.toUpperCase()} ${path!.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`)
    const described = Object.entries<Json>(spec.paths).flatMap(([path, item]) => HTTP_METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`))
    expect(inCode.length).toBeGreaterThan(0)
    expect(new Set(inCode).size).toBe(inCode.length)
    expect([...described].sort()).toEqual([...inCode].sort())
  })

  it('names every path parameter of each route, as it is named in the route', () => {
    for (const [path, item] of Object.entries<Json>(spec.paths)) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort()
      for (const method of HTTP_METHODS.filter((m) => item[m])) {
        const declared = (item[method].parameters ?? []).map(resolve).filter((p: Json) => p.in === 'path')
        expect(declared.map((p: Json) => p.name).sort(), `${method} ${path}`).toEqual(inPath)
        expect(declared.every((p: Json) => p.required === true)).toBe(true)
      }
    }
  })

  it('has the error codes of ApiErrorCode, no more and no fewer, with the statuses api-errors.ts gives them', () => {
    const union = /export type ApiErrorCode =((?:\s*\|\s*'[A-Z_]+')+)/.exec(read('bot/http/merchant-api/api-errors.ts'))
    expect(union, 'the ApiErrorCode union').not.toBeNull()
    const codes = [...union![1]!.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]!)
    expect(codes.length).toBeGreaterThan(0)
    expect([...spec.components.schemas.Error.properties.code.enum].sort()).toEqual([...codes].sort())
    const statuses = statusesInCode()
    expect(Object.keys(statuses).sort()).toEqual([...codes].sort())
    expect(spec.components.schemas.Error['x-status-by-code']).toEqual(statuses)
    // Each example error is answered with the status its response is described under.
    for (const { where, status, response } of responses()) {
      const media = response.content?.['application/json']
      if (resolve(media?.schema) !== spec.components.schemas.Error) continue
      for (const [name, example] of Object.entries<Json>(media.examples ?? {})) expect(statuses[example.value.code], `${where} ${name}`).toBe(Number(status))
    }
  })

  it('gives every response — success, 204 and error — the signature headers signed-reply.ts sets', () => {
    const names = [...new Set([...read('bot/http/merchant-api/signed-reply.ts').matchAll(/'(Wechatpay-[A-Za-z]+|Request-ID)'/g)].map((m) => m[1]!))]
    expect(names.length).toBe(5)
    expect(Object.keys(spec.components.headers).sort()).toEqual([...names].sort())
    const all = responses()
    expect(all.some(({ status }) => status === '204')).toBe(true)
    for (const { where, response } of all) {
      expect(Object.keys(response.headers ?? {}).sort(), where).toEqual([...names].sort())
      for (const name of names) expect(response.headers[name].$ref, `${where} ${name}`).toBe(`#/components/headers/${name}`)
    }
  })

  it('states the same field patterns as request-fields.ts', () => {
    const schemas = spec.components.schemas
    expect(schemas.OutTradeNo.pattern).toBe(OUT_TRADE_NO.source)
    expect(schemas.OutRefundNo.pattern).toBe(OUT_REFUND_NO.source)
    expect(schemas.RefundRequest.properties.transaction_id.pattern).toBe(TRANSACTION_ID.source)
  })

  it('describes the notifications the code sends, with its retry schedule', () => {
    const union = /export type NotificationEvent =([^\n]+)/.exec(read('core/merchant-api/notifications.ts'))
    const events = [...union![1]!.matchAll(/'([A-Z_.]+)'/g)].map((m) => m[1]!)
    expect(Object.keys(spec.webhooks).sort()).toEqual([...events].sort())
    for (const event of events) {
      const hook = spec.webhooks[event].post
      expect(hook['x-retry-schedule-seconds'].map((seconds: number) => seconds * 1000), event).toEqual(RETRY_SCHEDULE_MS)
      expect(resolve(hook.requestBody.content['application/json'].schema).allOf[1].properties.event_type.const).toBe(event)
    }
  })

  it('has no dangling $ref', () => {
    const refs: string[] = []
    const walk = (node: Json) => {
      if (!node || typeof node !== 'object') return
      if (typeof node.$ref === 'string') refs.push(node.$ref)
      Object.values(node).forEach(walk)
    }
    walk(spec)
    expect(refs.length).toBeGreaterThan(0)
    expect(refs.filter((ref) => !ref.startsWith('#/') || resolve({ $ref: ref }) === undefined)).toEqual([])
  })
})

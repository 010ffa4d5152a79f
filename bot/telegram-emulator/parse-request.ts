// Turns one HTTP-shaped request (URL, content type, body bytes) into the
// token, method and payload the fake dispatches on. Both transports (the
// in-process fetch and the node:http server) go through here, so they
// cannot drift apart.

import { badRequest } from './errors.js'
import { boundaryOf, MultipartError, parseMultipart, type UploadedFile } from './multipart.js'

export type Payload = Record<string, unknown>

export interface ParsedRequest {
  readonly token: string
  readonly method: string
  readonly payload: Payload
  readonly files: Map<string, UploadedFile>
}

/** `/bot<token>/<method>`, after any path prefix of apiRoot; `test/` is grammY's test environment. */
const PATH = /\/bot([^/]+)\/(?:test\/)?([A-Za-z0-9_]+)\/?$/

export function parsePath(url: URL): { token: string; method: string } | undefined {
  const match = PATH.exec(url.pathname)
  if (!match?.[1] || !match[2]) return undefined
  return { token: decodeURIComponent(match[1]), method: match[2] }
}

export function parseBody(url: URL, contentType: string, body: Uint8Array): Pick<ParsedRequest, 'payload' | 'files'> {
  // Telegram also accepts query-string parameters; the body wins on clashes.
  const payload: Payload = Object.fromEntries(url.searchParams)
  let files = new Map<string, UploadedFile>()
  const type = contentType.toLowerCase()
  if (body.byteLength === 0) return { payload, files }

  if (type.startsWith('application/json')) {
    let json: unknown
    try {
      json = JSON.parse(Buffer.from(body).toString('utf8'))
    } catch {
      throw badRequest("can't parse JSON request body")
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      throw badRequest('request body must be a JSON object')
    }
    Object.assign(payload, json)
  } else if (type.startsWith('multipart/form-data')) {
    const boundary = boundaryOf(contentType)
    if (!boundary) throw badRequest('multipart request without boundary')
    try {
      const parsed = parseMultipart(body, boundary)
      // grammY serialises objects (reply_markup, entities, ...) as JSON text
      // inside multipart fields; decode those so handlers see one shape.
      for (const [key, value] of Object.entries(parsed.fields)) payload[key] = decodeField(value)
      files = parsed.files
    } catch (error) {
      if (error instanceof MultipartError) throw badRequest(`can't parse multipart body: ${error.message}`)
      throw error
    }
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    const params = new URLSearchParams(Buffer.from(body).toString('utf8'))
    for (const [key, value] of params) payload[key] = decodeField(value)
  } else {
    throw badRequest(`unsupported content type ${JSON.stringify(contentType)}`)
  }
  return { payload, files }
}

function decodeField(value: string): unknown {
  const first = value.trimStart()[0]
  if (first !== '{' && first !== '[') return value
  try {
    return JSON.parse(value)
  } catch {
    return value
  }
}

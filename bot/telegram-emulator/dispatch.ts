// One request in, one Bot API envelope out. Both transports call this, so
// the in-process fetch and the HTTP server behave identically.

import { badRequest, methodNotFound, TelegramError, unauthorized } from './errors.js'
import { findMethod } from './methods/index.js'
import { parseBody, parsePath } from './parse-request.js'
import type { ApiCall } from './records.js'
import type { FakeState } from './state.js'

export interface RawRequest {
  readonly url: URL
  readonly contentType: string
  readonly body: Uint8Array
  readonly signal: AbortSignal | undefined
}

export type ApiEnvelope =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: TelegramError['parameters'] }

export interface ApiReply {
  /** Telegram uses the error code as the HTTP status. */
  readonly status: number
  readonly body: ApiEnvelope
  /** A file download's bytes (`/file/bot<token>/<file_path>`), sent as they are instead of the body. */
  readonly file?: Uint8Array
}

/** `/file/bot<token>/files/<file_id>`: where getFile's file_path is downloaded from. */
const FILE_PATH = /\/file\/bot([^/]+)\/files\/([A-Za-z0-9_-]+)$/

/** Non-Telegram errors (bugs in the fake, aborted long polls) are rethrown to the transport. */
export async function dispatch(state: FakeState, request: RawRequest): Promise<ApiReply> {
  const download = FILE_PATH.exec(request.url.pathname)
  if (download) return fileDownload(state, download[1]!, download[2]!)
  const route = parsePath(request.url)
  if (!route) return failure(new TelegramError(404, 'Not Found'))
  if (route.token !== state.identity.token) return failure(unauthorized())

  const call: ApiCall = { method: route.method, payload: {}, at: Date.now() }
  if (state.identity.recordCalls) state.calls.push(call)
  try {
    const { payload, files } = parseBody(request.url, request.contentType, request.body)
    call.payload = payload
    assertUtf8(payload)
    const method = findMethod(route.method)
    if (!method) throw methodNotFound()
    await state.faults.check(route.method, payload, request.signal)
    const result = await method(payload, { state, files, signal: request.signal })
    return { status: 200, body: { ok: true, result } }
  } catch (error) {
    if (!(error instanceof TelegramError)) throw error
    call.error = { code: error.code, description: error.description }
    return failure(error)
  }
}

/** A lone surrogate: half of an emoji cut in two, which has no UTF-8 form. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Telegram refuses any request whose strings are not valid UTF-8, whatever the field. */
function assertUtf8(value: unknown): void {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) throw badRequest('strings must be encoded in UTF-8')
  } else if (Array.isArray(value)) {
    value.forEach(assertUtf8)
  } else if (value && typeof value === 'object') {
    Object.values(value).forEach(assertUtf8)
  }
}

function fileDownload(state: FakeState, token: string, fileId: string): ApiReply {
  if (decodeURIComponent(token) !== state.identity.token) return failure(unauthorized())
  const bytes = state.files.get(fileId)
  return bytes ? { status: 200, body: { ok: true, result: true }, file: bytes } : failure(new TelegramError(404, 'Not Found'))
}

function failure(error: TelegramError): ApiReply {
  const body: ApiEnvelope = { ok: false, error_code: error.code, description: error.description }
  if (error.parameters) body.parameters = error.parameters
  return { status: error.code, body }
}

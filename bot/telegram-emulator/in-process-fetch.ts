// A `fetch` that never opens a socket: grammY's real client builds the
// request (JSON or a multipart stream) and this hands it to the fake.
// Pass it as `new Bot(token, { client: { fetch } })`.

import type { ApiReply, RawRequest } from './dispatch.js'

export type FetchLike = typeof globalThis.fetch

export function createInProcessFetch(
  handle: (request: RawRequest) => Promise<ApiReply>,
  isClosed: () => boolean,
): FetchLike {
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    // Like a real fetch against a server that went away.
    if (isClosed()) throw new TypeError('fetch failed: the fake Telegram Bot API is closed')
    const request = input instanceof Request ? input : undefined
    const signal = init?.signal ?? request?.signal ?? undefined
    if (signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError')
    const headers = new Headers(init?.headers ?? request?.headers)
    const { bytes, contentType } = await readBody(init?.body ?? request?.body ?? null)
    const reply = await handle({
      url: new URL(request ? request.url : String(input)),
      contentType: headers.get('content-type') ?? contentType ?? '',
      body: bytes,
      signal,
    })
    if (reply.file) return new Response(reply.file, { status: 200, headers: { 'content-type': 'application/octet-stream' } })
    return new Response(JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
    })
  }
  return fetchImpl as FetchLike
}

/** grammY sends a string (JSON) or a Node Readable (multipart); accept any fetch body. */
async function readBody(body: unknown): Promise<{ bytes: Uint8Array; contentType?: string }> {
  if (body === null || body === undefined) return { bytes: new Uint8Array() }
  if (typeof body === 'string') return { bytes: new TextEncoder().encode(body) }
  if (body instanceof Uint8Array) return { bytes: new Uint8Array(body) }
  if (typeof body === 'object' && Symbol.asyncIterator in body) {
    const chunks: Uint8Array[] = []
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
    }
    return { bytes: Buffer.concat(chunks) }
  }
  // FormData, Blob, URLSearchParams, ArrayBuffer: let the platform encode it.
  const response = new Response(body as ConstructorParameters<typeof Response>[0])
  const contentType = response.headers.get('content-type') ?? undefined
  return { bytes: new Uint8Array(await response.arrayBuffer()), ...(contentType ? { contentType } : {}) }
}

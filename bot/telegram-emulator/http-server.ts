// The same API over real HTTP on 127.0.0.1, so a bot in another process
// (TELEGRAM_API_ROOT=apiRoot) talks to the fake with real sockets and real
// long polling.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ApiReply, RawRequest } from './dispatch.js'

export interface HttpFake {
  /** Use as grammY's `apiRoot` / TELEGRAM_API_ROOT (no trailing slash). */
  readonly apiRoot: string
  /** Stops listening and drops every connection, including held long polls. */
  close(): Promise<void>
}

export async function listenHttp(handle: (request: RawRequest) => Promise<ApiReply>): Promise<HttpFake> {
  const server = createServer((req, res) => void serve(handle, req, res))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Keep-alive and long-poll sockets would otherwise hold close() open.
        server.closeAllConnections()
      })),
  }
}

async function serve(
  handle: (request: RawRequest) => Promise<ApiReply>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // A client that hangs up (bot.stop(), killed process) ends its long poll.
  const gone = new AbortController()
  res.on('close', () => {
    if (!res.writableFinished) gone.abort()
  })
  try {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const reply = await handle({
      url: new URL(req.url ?? '/', 'http://127.0.0.1'),
      contentType: req.headers['content-type'] ?? '',
      body: Buffer.concat(chunks),
      signal: gone.signal,
    })
    if (reply.file) res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(reply.file)
    else send(res, reply.status, reply.body)
  } catch (error) {
    if (gone.signal.aborted) return
    // A bug in the fake: say so loudly instead of hanging the client.
    const description = `Internal Server Error: ${error instanceof Error ? error.message : String(error)}`
    console.error('[fake-telegram]', error)
    send(res, 500, { ok: false, error_code: 500, description })
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed || res.headersSent) return
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { Readable } from 'node:stream'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../bot/logger.js'
import { startPlayground, type RunningPlayground } from '../../bot/playground/start.js'
import { ENGINE, TEST_ENCRYPTION_KEYS, TEST_PEPPER } from '../helpers/db.js'

/*
 * The playground page's API over real HTTP, without a browser: what a hostile or broken
 * client sends is refused and changes nothing. (The playground keeps its own SQLite file,
 * so it runs in the SQLite run only.)
 */
describe.skipIf(ENGINE !== 'sqlite')("the playground page's API", () => {
  let playground: RunningPlayground
  let dataDir: string
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'lingqian-playground-api-'))
    const env = { PASSWORD_PEPPER: TEST_PEPPER.toString('base64'), ENCRYPTION_KEY: TEST_ENCRYPTION_KEYS.current.toString('base64') }
    playground = await startPlayground({ env, log: createLogger('silent'), dataDir, port: 0 })
  })
  afterAll(async () => {
    await playground?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const post = (route: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${playground.url}playground/api${route}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })
  const messagesIn = (persona: string) => {
    const run = playground.current()
    const who = run.world.personas.find((each) => each.key === persona)!
    return run.emulator.history(who.user.privateChat).length
  }

  /** GET /state with a Host header of our choosing, as a DNS-rebinding page would send. */
  const statusWithHost = (host: string) =>
    new Promise<number>((resolve, reject) => {
      const { hostname, port } = new URL(playground.url)
      const request = httpRequest({ hostname, port, path: '/playground/api/state?as=alice', headers: { host } }, (response) => {
        response.resume()
        resolve(response.statusCode ?? 0)
      })
      request.on('error', reject).end()
    })

  /**
   * POSTs up to `megabytes` of image in chunks (no Content-Length), on a connection of its
   * own, until the server answers or cuts the connection; the status (0 if cut before one
   * was read), and how much had gone out by then.
   */
  const chunkedUpload = (url: string, megabytes: number) =>
    new Promise<{ status: number; sentMegabytes: number }>((resolve, reject) => {
      let sent = 0
      const request = httpRequest(url, { method: 'POST', headers: { 'content-type': 'image/png', 'transfer-encoding': 'chunked' }, agent: false }, (response) => {
        response.resume()
        resolve({ status: response.statusCode ?? 0, sentMegabytes: sent })
        request.destroy() // the server stopped reading: stop sending
      })
      request.on('error', (error: NodeJS.ErrnoException) => {
        // The server may close the connection on its 413 before this side has read it.
        if (error.code === 'EPIPE' || error.code === 'ECONNRESET') resolve({ status: 0, sentMegabytes: sent })
        else if (!request.destroyed) reject(error)
      })
      Readable.from((function* () {
        for (; sent < megabytes; sent++) yield Buffer.alloc(1024 * 1024)
      })()).pipe(request)
    })

  it('seeds four people with ¥500 each from the admin and serves the page without any outside address', async () => {
    const state = (await (await fetch(`${playground.url}playground/api/state?as=alice`)).json()) as { personas: unknown[]; chats: Array<{ messages: Array<{ html?: string }> }> }
    expect(state.personas).toHaveLength(4)
    expect(state.chats[0]!.messages.map((message) => message.html ?? '').join('\n')).toMatch(/topped up your wallet with <b>¥500\.00<\/b>/)
    const page = await (await fetch(playground.url)).text()
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//)
    expect(await playground.current().app.services.core.audit()).toMatchObject({ ok: true })
  })

  it("refuses an unknown person, another person's private chat, a body that is not JSON and a photo too large, sending nothing", async () => {
    const before = messagesIn('alice')
    const alice = playground.current().world.personas[0]!.user
    expect((await post('/send', { as: 'mallory', chatId: alice.id, text: 'hi' })).status).toBe(404)
    expect((await post('/send', { as: 'bob', chatId: alice.id, text: '/send @bob_li 100' })).status).toBe(404)
    expect((await post('/send', '{"as": "alice", ')).status).toBe(400)
    expect((await post('/send', { as: 'alice', chatId: alice.id })).status).toBe(400)
    const photoUrl = `${playground.url}playground/api/photo?as=alice&chatId=${alice.id}`
    const huge = await fetch(photoUrl, { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(11 * 1024 * 1024) })
    expect(huge.status).toBe(413)
    // Sent in chunks, without a length to check first: cut off at the limit all the same.
    const chunked = await chunkedUpload(photoUrl, 500)
    expect([0, 413]).toContain(chunked.status) // a 413, or the connection cut on it
    expect(chunked.sentMegabytes).toBeLessThan(100) // refused at the limit, not after reading it all
    expect(messagesIn('alice')).toBe(before)
  })

  it('answers only this machine\'s tab: another website, another host name or a form post get nothing', async () => {
    const before = messagesIn('alice')
    const alice = playground.current().world.personas[0]!.user
    const body = JSON.stringify({ as: 'alice', chatId: alice.id, text: '/balance' })
    expect((await post('/send', body, { 'content-type': 'application/json', origin: 'https://evil.example' })).status).toBe(403)
    expect((await post('/send', body, { 'content-type': 'text/plain' })).status).toBe(415)
    expect((await post('/reset', '{}', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415)
    expect(await statusWithHost('rebound.example:80')).toBe(403)
    expect(await statusWithHost(new URL(playground.url).host)).toBe(200)
    expect(messagesIn('alice')).toBe(before)
  })

  it("answers what Telegram would refuse with Telegram's own words", async () => {
    const alice = playground.current().world.personas[0]!.user
    const refused = await post('/send', { as: 'alice', chatId: alice.id, text: '   ' })
    expect(refused.status).toBe(400)
    expect(await refused.json()).toEqual({ refused: 'Bad Request: message text is empty' })
    // A press with any data reaches the bot, as a modified client's would: it is told off, and nothing moves.
    const forged = await post('/press', { as: 'alice', chatId: alice.id, message: 'm2', data: 'pc:forged:1' })
    expect(((await forged.json()) as { answer: { text: string } }).answer.text).not.toBe('')
    const wallet = (await playground.current().app.services.core.users.byTelegramId(BigInt(alice.id)))!
    expect((await playground.current().app.services.core.balances.of(wallet.id)).balanceMinor).toBe(500_00n)
    expect(await playground.current().app.services.core.audit()).toMatchObject({ ok: true })
  })
})

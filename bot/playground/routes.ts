import type { I18n } from '@grammyjs/i18n'
import type { HttpBindings } from '@hono/node-server'
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { BotContext } from '../context.js'
import { TelegramError } from '../telegram-emulator/errors.js'
import type { FakeTelegram } from '../telegram-emulator/index.js'
import { PAGE_STRING_KEYS } from './page-strings.js'
import { PLAYGROUND_PIN } from './seed.js'
import { chatsFor, type InlinePlacements } from './view.js'
import { personaOf, type Persona, type World } from './world.js'

/** What the page's requests act on: the playground as it runs now (a reset replaces it). */
export interface PlaygroundRun {
  emulator: FakeTelegram
  world: World
  placements: InlinePlacements
  i18n: I18n<BotContext>
}

const MAX_PHOTO_BYTES = 10 * 1024 * 1024
/** A message is at most 4096 characters: its JSON fits easily. */
const MAX_JSON_BYTES = 64 * 1024
const ANSWER_WAIT_MS = 5_000

type Env = { Bindings: HttpBindings }

/**
 * The chat page's API, under `/playground/`: each request names the persona acting (`as`)
 * and does what that person's Telegram app would — send, press, inline query, share the
 * contact, send a photo — through the emulator, which refuses what Telegram refuses (the
 * refusal comes back as 400 with Telegram's description).
 */
export function playgroundApi(current: () => PlaygroundRun | undefined, reset: () => Promise<void>): Hono<Env> {
  const api = new Hono<Env>()
  api.onError((error, c) => {
    if (error instanceof TelegramError) return c.json({ refused: error.description }, 400)
    if (error instanceof PageError) return c.json({ error: error.message }, error.status)
    throw error
  })
  api.use((c, next) => bodyLimit({ maxSize: c.req.path.endsWith('/photo') ? MAX_PHOTO_BYTES : MAX_JSON_BYTES, onError: (c) => c.json({ error: 'too large' }, 413) })(c, next))
  // A reset is always possible, also after one that failed (then there is no run at all).
  api.post('/reset', async (c) => {
    await reset()
    return c.json({ ok: true })
  })
  api.use(async (c, next) => {
    if (!current()) return c.json({ error: 'resetting' }, 503)
    await next()
  })
  readRoutes(api, current)
  actionRoutes(api, current)

  return api
}

class PageError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 413 = 400,
  ) {
    super(message)
  }
}

function actingPersona(run: PlaygroundRun, key: string | undefined): Persona {
  const persona = key ? personaOf(run.world, key) : undefined
  if (!persona) throw new PageError('no such persona', 404)
  return persona
}

function chatOf(run: PlaygroundRun, persona: Persona, chatId: unknown) {
  const id = Number(chatId)
  if (id === persona.user.id) return persona.user.privateChat
  if (id === run.world.group.id) return run.world.group
  throw new PageError('no such chat', 404)
}

/** Photos the bot draws are PNG; what people send is usually JPEG. */
function sniffType(bytes: Uint8Array): string {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'image/png'
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg'
  if (bytes[0] === 0x25 && bytes[1] === 0x50) return 'application/pdf'
  return 'application/octet-stream'
}

/** What the page shows: its words, a persona's chats, and the files in them. */
function readRoutes(api: Hono<Env>, current: () => PlaygroundRun | undefined): void {
  api.get('/strings', (c) => {
    const locale = c.req.query('lang') === 'zh' ? 'zh' : 'en'
    return c.json(Object.fromEntries(PAGE_STRING_KEYS.map((key) => [key, current()!.i18n.t(locale, key)])))
  })

  api.get('/state', (c) => {
    const run = current()!
    const persona = actingPersona(run, c.req.query('as'))
    return c.json({
      me: persona.key,
      pin: PLAYGROUND_PIN,
      botUsername: run.emulator.bot.username,
      personas: run.world.personas.map(({ key, user, admin }) => ({ key, name: user.user.first_name, admin })),
      chats: chatsFor(run.emulator, run.world, persona, run.placements),
    })
  })

  api.get('/file/:fileId', (c) => {
    const bytes = current()!.emulator.file(c.req.param('fileId'))
    if (!bytes) return c.json({ error: 'no such file' }, 404)
    return c.body(Buffer.from(bytes), 200, { 'content-type': sniffType(bytes), 'cache-control': 'private, max-age=3600' })
  })

}

/** What a persona does, as their Telegram app would. */
function actionRoutes(api: Hono<Env>, current: () => PlaygroundRun | undefined): void {
  /** The run, the persona named by `as` in the JSON body, and the body. */
  const acting = async (c: Context<Env>) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null
    if (!body || typeof body !== 'object') throw new PageError('a JSON body, please')
    const run = current()!
    return { run, persona: actingPersona(run, typeof body.as === 'string' ? body.as : undefined), body }
  }
  api.post('/send', async (c) => {
    const { run, persona, body } = await acting(c)
    const chat = chatOf(run, persona, body.chatId)
    const replyTo = typeof body.replyTo === 'string' && body.replyTo.startsWith('m') ? Number(body.replyTo.slice(1)) : undefined
    if (typeof body.text !== 'string') throw new PageError('text is missing')
    await persona.user.send(chat, body.text, replyTo ? { replyTo } : {})
    return c.json({ ok: true })
  })

  api.post('/press', async (c) => {
    const { run, persona, body } = await acting(c)
    const key = String(body.message ?? '')
    const data = String(body.data ?? '')
    const queryId = key.startsWith('i')
      ? await persona.user.pressInline(key.slice(1), data)
      : await persona.user.pressRaw(chatOf(run, persona, body.chatId), Number(key.slice(1)), data)
    const answer = await run.emulator.waitFor(() => run.emulator.callbackAnswer(queryId), { timeoutMs: ANSWER_WAIT_MS, intervalMs: 20 }).catch(() => undefined)
    return c.json({ answer: answer ? { text: answer.text ?? '', alert: answer.showAlert === true } : null })
  })

  api.post('/inline', async (c) => {
    const { run, persona, body } = await acting(c)
    const queryId = await persona.user.inlineQuery(String(body.query ?? ''), { chatType: body.chatType === 'supergroup' ? 'supergroup' : 'private' })
    const answer = await run.emulator.waitFor(() => run.emulator.inlineAnswer(queryId), { timeoutMs: ANSWER_WAIT_MS, intervalMs: 20 })
    const results = answer.results.map((result) => ({ id: result.id, title: 'title' in result ? String(result.title ?? '') : '', description: 'description' in result ? String(result.description ?? '') : '' }))
    return c.json({ queryId, results })
  })

  api.post('/inline/choose', async (c) => {
    const { run, persona, body } = await acting(c)
    const chat = chatOf(run, persona, body.chatId)
    const inlineMessageId = await persona.user.chooseInlineResult(String(body.queryId), String(body.resultId))
    run.placements.set(inlineMessageId, chat.id)
    return c.json({ ok: true })
  })

  api.post('/contact', async (c) => {
    const { persona } = await acting(c)
    await persona.user.sendContact(persona.user.privateChat, { phoneNumber: persona.phone, userId: persona.user.id, firstName: persona.user.user.first_name })
    return c.json({ ok: true })
  })

  api.post('/photo', async (c) => {
    const run = current()!
    const persona = actingPersona(run, c.req.query('as'))
    const chat = chatOf(run, persona, Number(c.req.query('chatId')))
    const bytes = new Uint8Array(await c.req.arrayBuffer())
    if (bytes.byteLength === 0 || bytes.byteLength > MAX_PHOTO_BYTES) throw new PageError('a photo of 1 byte to 10 MB, please', 413)
    await persona.user.sendPhoto(chat, bytes)
    return c.json({ ok: true })
  })

}

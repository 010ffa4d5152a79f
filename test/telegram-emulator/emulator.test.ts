// Proves the fake Telegram Bot API against grammY's real client: direct
// delivery, polling through the in-process fetch (bot.start and the runner),
// real HTTP long polling, groups, buttons, inline mode, uploads and the
// validation errors other tests rely on to catch bugs.

import { run } from '@grammyjs/runner'
import { Bot, type BotConfig, type Context, GrammyError, InlineKeyboard, InputFile } from 'grammy'
import type { Update } from 'grammy/types'
import { afterEach, describe, expect, it } from 'vitest'
import { FakeTelegram } from '../../bot/telegram-emulator/index.js'

const TOKEN = '123456:TEST-token'
const QR_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])

/** A tiny bot touching every feature the fake simulates. */
function tinyBot(client: BotConfig<Context>['client']): Bot {
  const bot = new Bot(TOKEN, { client })
  bot.command('start', (ctx) =>
    ctx.reply(`Welcome ${ctx.match}`.trim(), {
      reply_markup: new InlineKeyboard().text('Pay ✓', 'pay:1').url('Docs', 'https://example.com/docs'),
    }),
  )
  bot.command('echo', (ctx) => ctx.reply(ctx.match || 'nothing'))
  bot.command('ping', (ctx) => ctx.reply('pong'))
  bot.command('photo', (ctx) =>
    ctx.replyWithPhoto(new InputFile(QR_BYTES, 'qr.png'), {
      caption: 'Scan <b>me</b>',
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard().text('Done', 'photo:done'),
    }),
  )
  bot.callbackQuery(/^pay:/, async (ctx) => {
    await ctx.answerCallbackQuery({ text: 'Paid!' })
    await ctx.editMessageText('Paid')
  })
  bot.callbackQuery('grab', async (ctx) => {
    await ctx.answerCallbackQuery({ text: 'You grabbed ¥1.00' })
    await ctx.editMessageText(`Grabbed by ${ctx.from.first_name}`)
  })
  bot.on('inline_query', (ctx) =>
    ctx.answerInlineQuery(
      [
        {
          type: 'article',
          id: 'rp-1',
          title: 'Red packet',
          input_message_content: { message_text: `Red packet: ${ctx.inlineQuery.query}` },
          reply_markup: new InlineKeyboard().text('Grab', 'grab'),
        },
      ],
      { cache_time: 0 },
    ),
  )
  bot.on('chosen_inline_result', (ctx) =>
    ctx.editMessageText(`Red packet: ${ctx.chosenInlineResult.query} (sent)`, {
      reply_markup: new InlineKeyboard().text('Grab', 'grab'),
    }),
  )
  bot.on('message:text', (ctx) => ctx.reply(`You said: ${ctx.message.text}`))
  return bot
}

// Each test registers its cleanup so bots stop and servers close even on failure.
const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!()
})

function newFake(options: { groupPrivacy?: boolean } = {}): FakeTelegram {
  const fake = new FakeTelegram({ token: TOKEN, ...options })
  cleanups.push(() => fake.close())
  return fake
}

async function directBot(fake: FakeTelegram): Promise<Bot> {
  const bot = tinyBot({ fetch: fake.fetch })
  await bot.init()
  fake.deliverTo((update) => bot.handleUpdate(update))
  return bot
}

describe('direct delivery through the in-process fetch', () => {
  it('runs /start with a deep-link payload, a button press and the callback answer', async () => {
    const fake = newFake()
    await directBot(fake)
    const alice = fake.user({ firstName: 'Alice', username: 'alice_w', languageCode: 'zh' })

    const sent = await alice.startBot('qr_abc')
    expect(sent.toTelegram().entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }])
    const chat = alice.privateChat
    const welcome = fake.lastBotMessage(chat)!
    expect(welcome.text).toBe('Welcome qr_abc')
    expect(welcome.buttons().map((b) => [b.text, b.callback_data ?? b.url])).toEqual([
      ['Pay ✓', 'pay:1'],
      ['Docs', 'https://example.com/docs'],
    ])

    const queryId = await alice.press(chat, welcome, 'Pay ✓')
    expect(fake.callbackAnswer(queryId)).toMatchObject({ text: 'Paid!', showAlert: false })
    const paid = fake.message(chat, welcome.id)!
    expect(paid.text).toBe('Paid')
    expect(paid.edits).toBe(1)
    // Telegram drops the keyboard when an edit carries no reply_markup.
    expect(paid.buttons()).toEqual([])
    expect(fake.messagesIn(chat)).toHaveLength(1)
    await expect(alice.press(chat, welcome, 'Nope')).rejects.toThrow(/no button "Nope"/)
  })

  it('delivers forged callback data and refuses a second answer to one query', async () => {
    const fake = newFake()
    const bot = await directBot(fake)
    const bob = fake.user({ firstName: 'Bob' })
    await bob.startBot()
    const chat = bob.privateChat
    const seen: string[] = []
    bot.callbackQuery(/.*/, (ctx) => void seen.push(ctx.callbackQuery.data))
    const msg = fake.lastBotMessage(chat)!

    const id = await bob.pressRaw(chat, msg.id, 'forged:999')
    expect(seen).toEqual(['forged:999'])
    await bot.api.answerCallbackQuery(id, { text: 'nope' })
    await expect(bot.api.answerCallbackQuery(id)).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
    })
  })

  it('sends a photo uploaded from a Buffer as multipart and records the bytes', async () => {
    const fake = newFake()
    const bot = await directBot(fake)
    const carol = fake.user({ firstName: 'Carol' })
    await carol.send(carol.privateChat, '/photo')

    expect(fake.uploads).toHaveLength(1)
    const upload = fake.uploads[0]!
    expect(upload).toMatchObject({ method: 'sendPhoto', field: 'photo', filename: 'qr.png', chatId: carol.id })
    expect(Buffer.from(upload.bytes!)).toEqual(QR_BYTES)
    const photo = fake.lastBotMessage(carol.privateChat)!
    expect(photo.media?.type).toBe('photo')
    expect(photo.text).toBe('Scan <b>me</b>')
    expect(photo.plainText).toBe('Scan me')
    expect(photo.parseMode).toBe('HTML')
    expect(photo.buttons().map((b) => b.callback_data)).toEqual(['photo:done'])

    // Re-sending by file_id is recorded without bytes and keeps the id.
    await bot.api.sendPhoto(carol.id, upload.fileId)
    expect(fake.uploads[1]).toMatchObject({ source: upload.fileId, fileId: upload.fileId, bytes: undefined })
  })

  it('a user sends a photo and a document; the bot reads both with getFile and downloads the bytes; unknown ids are refused', async () => {
    const fake = newFake()
    const bot = await directBot(fake)
    const received: Update[] = []
    fake.deliverTo(async (update) => void received.push(update))
    const dave = fake.user({ firstName: 'Dave' })
    await dave.sendPhoto(dave.privateChat, QR_BYTES, { caption: 'look' })
    await dave.sendDocument(dave.privateChat, Buffer.from('hello'), { fileName: 'a.png', mimeType: 'image/png' })
    const [photo, document] = received.map((update) => update.message!)
    expect(photo!.caption).toBe('look')
    expect(document!.document).toMatchObject({ file_name: 'a.png', mime_type: 'image/png', file_size: 5 })
    const download = async (fileId: string) => {
      const file = await bot.api.getFile(fileId)
      const response = await fake.fetch(`https://api.telegram.org/file/bot${bot.token}/${file.file_path}`)
      return Buffer.from(await response.arrayBuffer())
    }
    expect(await download(photo!.photo!.at(-1)!.file_id)).toEqual(QR_BYTES)
    expect((await download(document!.document!.file_id)).toString()).toBe('hello')
    await expect(bot.api.getFile('AgACAgNope')).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: invalid file_id' })
    expect((await fake.fetch(`https://api.telegram.org/file/bot${bot.token}/files/AgACAgNope`)).status).toBe(404)
    expect((await fake.fetch(`https://api.telegram.org/file/botWRONG/files/${document!.document!.file_id}`)).status).toBe(401)
  })
})

describe('groups', () => {
  it('builds /cmd@botname and mention entities and applies privacy mode', async () => {
    const fake = newFake()
    await directBot(fake)
    const alice = fake.user({ firstName: 'Alice', username: 'alice_w' })
    const bob = fake.user({ firstName: 'Bob', username: 'bob_w' })
    const group = fake.group({ title: 'Family', members: [alice, bob] })

    const cmd = await alice.send(group, '/ping@lingqian_test_bot')
    expect(cmd.toTelegram().entities).toEqual([{ type: 'bot_command', offset: 0, length: 23 }])
    expect(fake.lastBotMessage(group)?.text).toBe('pong')

    const send = await alice.send(group, '/echo@lingqian_test_bot hi @bob_w')
    expect(send.toTelegram().entities).toEqual([
      { type: 'bot_command', offset: 0, length: 23 },
      { type: 'mention', offset: 27, length: 6 },
    ])
    expect(fake.lastBotMessage(group)?.text).toBe('hi @bob_w')

    // Privacy mode: commands for other bots and plain chatter never reach the bot.
    expect((await bob.send(group, '/ping@other_bot')).delivered).toBe(false)
    expect((await bob.send(group, 'hello all')).delivered).toBe(false)
    expect(fake.messagesIn(group)).toHaveLength(2)

    // A reply to the bot's message does reach it.
    const reply = await bob.send(group, 'thanks', { replyTo: fake.lastBotMessage(group)! })
    expect(reply.delivered).toBe(true)
    expect(reply.toTelegram().reply_to_message?.from?.id).toBe(fake.bot.id)
    expect(fake.lastBotMessage(group)?.text).toBe('You said: thanks')
  })
})

describe('inline mode', () => {
  it('answers a query, posts the chosen result and edits it by inline_message_id', async () => {
    const fake = newFake()
    await directBot(fake)
    const alice = fake.user({ firstName: 'Alice' })
    const bob = fake.user({ firstName: 'Bob' })

    const queryId = await alice.inlineQuery('¥10 x3', { chatType: 'group' })
    expect(fake.inlineAnswer(queryId)?.results.map((r) => r.id)).toEqual(['rp-1'])

    const inlineId = await alice.chooseInlineResult(queryId, 'rp-1')
    const posted = fake.inlineMessage(inlineId)!
    expect(posted.text).toBe('Red packet: ¥10 x3 (sent)')
    expect(posted.edits).toBe(1)

    const grabId = await bob.pressInline(inlineId, 'Grab')
    expect(fake.callbackAnswer(grabId)?.text).toBe('You grabbed ¥1.00')
    expect(fake.inlineMessage(inlineId)?.text).toBe('Grabbed by Bob')
    expect(fake.inlineMessage(inlineId)?.edits).toBe(2)
  })
})

describe('validation like Telegram', () => {
  async function setup() {
    const fake = newFake()
    const bot = await directBot(fake)
    const user = fake.user({ firstName: 'Dan' })
    await user.send(user.privateChat, 'hi')
    return { fake, bot, user, chatId: user.id }
  }

  it('rejects bad text, bad buttons and no-op edits', async () => {
    const { fake, bot, chatId } = await setup()
    const bad = (description: string) => ({ error_code: 400, description: `Bad Request: ${description}` })

    await expect(bot.api.sendMessage(chatId, 'x'.repeat(4097))).rejects.toMatchObject(bad('message is too long'))
    await expect(bot.api.sendMessage(chatId, '   ')).rejects.toMatchObject(bad('message text is empty'))
    await expect(bot.api.sendMessage(chatId, 'a <b>b', { parse_mode: 'HTML' })).rejects.toMatchObject({
      description: expect.stringMatching(/^Bad Request: can't parse entities/),
    })
    await expect(
      bot.api.sendMessage(chatId, 'pick', { reply_markup: new InlineKeyboard().text('Too long', 'x'.repeat(65)) }),
    ).rejects.toMatchObject(bad('BUTTON_DATA_INVALID'))

    const ok = await bot.api.sendMessage(chatId, '<b>¥1.00</b>', { parse_mode: 'HTML' })
    expect(ok.text).toBe('¥1.00')
    await expect(bot.api.editMessageText(chatId, ok.message_id, '<b>¥1.00</b>', { parse_mode: 'HTML' })).rejects.toMatchObject(
      bad('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message'),
    )
    await expect(bot.api.editMessageText(chatId, 9999, 'x')).rejects.toMatchObject(bad('message to edit not found'))
    expect(fake.calls.filter((c) => c.error).length).toBe(6)
  })

  it('limits callback answers and inline result ids, 404s unknown methods, 401s bad tokens, 403s unstarted chats', async () => {
    const { fake, bot, user } = await setup()
    const msg = await bot.api.sendMessage(user.id, 'x', { reply_markup: new InlineKeyboard().text('ok', 'ok') })
    const queryId = await user.pressRaw(user.privateChat, msg.message_id, 'ok')
    await expect(bot.api.answerCallbackQuery(queryId, { text: 'y'.repeat(201) })).rejects.toMatchObject({
      description: 'Bad Request: MESSAGE_TOO_LONG',
    })

    // Queue the query instead of delivering it: the tiny bot would answer it itself.
    fake.deliverTo(undefined)
    const inlineId = await user.inlineQuery('q')
    await expect(
      bot.api.answerInlineQuery(inlineId, [
        { type: 'article', id: 'i'.repeat(65), title: 't', input_message_content: { message_text: 't' } },
      ]),
    ).rejects.toMatchObject({ description: 'Bad Request: RESULT_ID_INVALID' })

    await expect(bot.api.raw.getStickerSet({ name: 'x' })).rejects.toMatchObject({
      error_code: 404,
      description: 'Not Found: method not found',
    })
    const wrong = new Bot('999:wrong', { client: { fetch: fake.fetch } })
    await expect(wrong.init()).rejects.toMatchObject({ error_code: 401 })

    const stranger = fake.user({ firstName: 'Eve' })
    fake.privateChat(stranger)
    await expect(bot.api.sendMessage(stranger.id, 'hello')).rejects.toMatchObject({
      error_code: 403,
      description: "Forbidden: bot can't initiate conversation with a user",
    })
  })

  it('simulates per-chat flood control with retry_after', async () => {
    const { fake, bot, chatId } = await setup()
    fake.setFloodLimit({ perChatPerMinute: 2 })
    await bot.api.sendMessage(chatId, '1')
    await bot.api.sendMessage(chatId, '2')
    const error = await bot.api.sendMessage(chatId, '3').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GrammyError)
    expect(error).toMatchObject({ error_code: 429, parameters: { retry_after: expect.any(Number) } })
    fake.setFloodLimit(undefined)
    await bot.api.sendMessage(chatId, '3')
  })

  it('records commands per scope and language, and settings', async () => {
    const { fake, bot } = await setup()
    await bot.api.setMyCommands([{ command: 'balance', description: '查看余额' }], { language_code: 'zh' })
    await bot.api.setMyCommands([{ command: 'balance', description: 'Show balance' }], {
      scope: { type: 'all_private_chats' },
    })
    await bot.api.setChatMenuButton({ menu_button: { type: 'commands' } })
    expect(fake.commandsFor({ languageCode: 'zh' })).toEqual([{ command: 'balance', description: '查看余额' }])
    expect(fake.commands.get('all_private_chats|')?.[0]?.description).toBe('Show balance')
    expect(await bot.api.getMyCommands({ language_code: 'zh' })).toHaveLength(1)
    expect(fake.setting('setChatMenuButton')).toEqual({ menu_button: { type: 'commands' } })
    await expect(bot.api.setMyCommands([{ command: 'Bad-Name', description: 'x' }])).rejects.toMatchObject({
      description: 'Bad Request: BOT_COMMAND_INVALID',
    })
  })
})

describe('polling through the in-process fetch', () => {
  it('confirms updates by offset, like Telegram', async () => {
    const fake = newFake()
    const bot = new Bot(TOKEN, { client: { fetch: fake.fetch } })
    const user = fake.user({ firstName: 'Fay' })
    for (const text of ['a', 'b', 'c']) await user.send(user.privateChat, text)

    const first = await bot.api.getUpdates({ limit: 2 })
    expect(first.map((u) => u.message?.text)).toEqual(['a', 'b'])
    const again = await bot.api.getUpdates({})
    expect(again.map((u) => u.update_id)).toEqual([1, 2, 3]) // unconfirmed updates come back
    const rest = await bot.api.getUpdates({ offset: 3 })
    expect(rest.map((u) => u.message?.text)).toEqual(['c'])
    expect(fake.pendingUpdates).toBe(1)
    await bot.api.getUpdates({ offset: 4, timeout: 0 })
    expect(fake.pendingUpdates).toBe(0)
  })

  it('holds a long poll until an update arrives, and close() ends it', async () => {
    const fake = newFake()
    const bot = new Bot(TOKEN, { client: { fetch: fake.fetch } })
    const user = fake.user({ firstName: 'Gus' })
    const started = Date.now()
    const poll = bot.api.getUpdates({ timeout: 5 })
    setTimeout(() => void user.send(user.privateChat, 'late'), 100)
    const updates = await poll
    expect(updates.map((u) => u.message?.text)).toEqual(['late'])
    expect(Date.now() - started).toBeGreaterThanOrEqual(90)

    const second = bot.api.getUpdates({ offset: updates[0]!.update_id + 1, timeout: 30 })
    await new Promise((r) => setTimeout(r, 20))
    await fake.close()
    expect(await second).toEqual([])
  })

  it('answers 409 to a second poller and to polling while a webhook is set', async () => {
    const fake = newFake()
    const bot = new Bot(TOKEN, { client: { fetch: fake.fetch } })
    const older = bot.api.getUpdates({ timeout: 30 })
    await new Promise((r) => setTimeout(r, 10))
    const newer = bot.api.getUpdates({ timeout: 0 })
    await expect(older).rejects.toMatchObject({
      error_code: 409,
      description: expect.stringContaining('terminated by other getUpdates request'),
    })
    expect(await newer).toEqual([])

    await bot.api.setWebhook('https://example.com/hook')
    expect(fake.webhook?.url).toBe('https://example.com/hook')
    await expect(bot.api.getUpdates()).rejects.toMatchObject({ error_code: 409 })
    await bot.api.deleteWebhook()
    expect(await bot.api.getUpdates()).toEqual([])
  })

  it('serves bot.start() with real long polling', async () => {
    const fake = newFake()
    const bot = tinyBot({ fetch: fake.fetch })
    const running = bot.start({ timeout: 30 })
    cleanups.push(async () => {
      if (bot.isRunning()) await bot.stop()
      await running
    })
    const alice = fake.user({ firstName: 'Alice' })
    await alice.send(alice.privateChat, '/echo hello')
    const reply = await fake.waitFor(() => fake.lastBotMessage(alice.privateChat))
    expect(reply.text).toBe('hello')
    expect(fake.callsTo('deleteWebhook')).toHaveLength(1)
    await bot.stop()
    await running
    expect(fake.pendingUpdates).toBe(0) // stop() confirmed the offset
  })

  it('serves the grammY runner with several users at once', async () => {
    const fake = newFake()
    const bot = tinyBot({ fetch: fake.fetch })
    await bot.init()
    const handle = run(bot)
    cleanups.push(async () => {
      if (handle.isRunning()) await handle.stop()
    })
    const users = ['Ann', 'Ben', 'Cat', 'Dov'].map((firstName) => fake.user({ firstName }))
    await Promise.all(users.map((u) => u.send(u.privateChat, `/echo ${u.user.first_name}`)))
    for (const u of users) {
      const reply = await fake.waitFor(() => fake.lastBotMessage(u.privateChat))
      expect(reply.text).toBe(u.user.first_name)
    }
    await handle.stop()
  })
})

describe('HTTP transport (TELEGRAM_API_ROOT)', () => {
  it('runs bot.start() over real sockets with long polling and multipart uploads', async () => {
    const fake = newFake()
    const server = await fake.listen()
    cleanups.push(() => server.close())
    expect(server.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)

    const bot = tinyBot({ apiRoot: server.apiRoot })
    const running = bot.start({ timeout: 30 })
    cleanups.push(async () => {
      if (bot.isRunning()) await bot.stop()
      await running
    })
    const alice = fake.user({ firstName: 'Alice' })
    await alice.startBot('from_http')
    const welcome = await fake.waitFor(() => fake.lastBotMessage(alice.privateChat))
    expect(welcome.text).toBe('Welcome from_http')
    const queryId = await alice.press(alice.privateChat, welcome, 'pay:1')
    await fake.waitFor(() => fake.callbackAnswer(queryId))
    await alice.send(alice.privateChat, '/photo')
    const upload = await fake.waitFor(() => fake.uploads[0])
    expect(Buffer.from(upload.bytes!)).toEqual(QR_BYTES)
    await bot.stop()
    await running
  })

  it('holds getUpdates over HTTP until an update is enqueued', async () => {
    const fake = newFake()
    const server = await fake.listen()
    cleanups.push(() => server.close())
    const user = fake.user({ firstName: 'Hal' })
    const started = Date.now()
    setTimeout(() => void user.send(user.privateChat, 'ping'), 150)
    const res = await fetch(`${server.apiRoot}/bot${TOKEN}/getUpdates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timeout: 5 }),
    })
    const body = (await res.json()) as { ok: boolean; result: Update[] }
    expect(body.ok).toBe(true)
    expect(body.result.map((u) => u.message?.text)).toEqual(['ping'])
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)

    const unauthorized = await fetch(`${server.apiRoot}/botWRONG/getMe`, { method: 'POST' })
    expect(unauthorized.status).toBe(401)
  })
})

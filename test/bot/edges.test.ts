import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { publishCommands } from '../../bot/commands.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { ADMIN_TELEGRAM_ID } from '../helpers/db.js'

describe('edges of the bot', () => {
  let h: BotHarness
  afterEach(() => h.dispose())

  it('slows down a user who floods it, with a friendly message, and keeps serving others', async () => {
    h = await startBotHarness({ overrides: { rateLimit: { limit: 3, timeFrameMs: 60_000 } } })
    const eager = h.fake.user({ firstName: 'Eager', username: 'eager_one' })
    const calm = h.fake.user({ firstName: 'Calm', username: 'calm_one' })
    for (let i = 0; i < 5; i++) await eager.send(eager.privateChat, '/balance')
    const replies = h.fake.messagesIn(eager.privateChat).map((m) => m.plainText)
    expect(replies.filter((t) => /Balance: ¥0\.00/.test(t ?? ''))).toHaveLength(3)
    // Told once per window, not once per extra message: flooding the flooder helps nobody.
    expect(replies.filter((t) => /going a bit fast/.test(t ?? ''))).toHaveLength(1)
    await calm.send(calm.privateChat, '/balance')
    expect(h.fake.lastBotMessage(calm.privateChat)?.plainText).toMatch(/Balance: ¥0\.00/)
  })

  it('publishes the command menu in English, Chinese and for admins', async () => {
    h = await startBotHarness()
    await h.admin.startBot()
    await publishCommands(h.bot.api, h.services.i18n, [ADMIN_TELEGRAM_ID, 424242n], pino({ level: 'silent' }))
    expect(h.fake.commandsFor()?.map((c) => c.command)).toEqual(['start', 'help', 'balance', 'send', 'receive', 'redpacket', 'bills', 'statement', 'budget', 'cards', 'topup', 'withdraw', 'security', 'merchant', 'settings', 'language'])
    expect(h.fake.commandsFor({ languageCode: 'zh' })?.[2]).toEqual({ command: 'balance', description: '查看零钱余额' })
    const adminMenu = h.fake.commandsFor({ scope: { type: 'chat', chat_id: Number(ADMIN_TELEGRAM_ID) } })
    expect(adminMenu?.map((c) => c.command)).toEqual(expect.arrayContaining(['topup', 'review']))
  })

  it('answers a button nobody knows, and stray private text, and stays quiet in groups', async () => {
    h = await startBotHarness()
    const user = h.fake.user({ firstName: 'Ann', username: 'ann_ann' })
    await user.startBot()
    const welcome = h.fake.lastBotMessage(user.privateChat)!
    const id = await user.pressRaw(user.privateChat, welcome.id, 'something:else')
    expect(h.fake.callbackAnswer(id)).toMatchObject({ text: expect.stringMatching(/no longer valid/) })
    await user.send(user.privateChat, 'hello?')
    expect(h.fake.lastBotMessage(user.privateChat)?.plainText).toMatch(/did not understand/)
    await user.send(user.privateChat, 'x'.repeat(4096))
    expect(h.fake.lastBotMessage(user.privateChat)?.plainText).toMatch(/did not understand/)
    const group = h.fake.group({ title: 'g', members: [user] })
    await user.send(group, '/bills')
    expect(h.fake.lastBotMessage(group)?.plainText).toMatch(/That is private/)
  })
})

import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startWebhook } from '../../bot/webhook.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'

const SECRET = 'a-secret-only-telegram-knows'

describe('webhook mode', () => {
  let h: BotHarness
  let stop: (() => Promise<void>) | undefined
  afterEach(async () => {
    await stop?.()
    await h.dispose()
  })

  it('registers the webhook with its secret and takes updates only from whoever knows it', async () => {
    h = await startBotHarness()
    h.fake.deliverTo(undefined) // updates come over HTTP now, not from the fake's queue
    const webhook = await startWebhook(h.bot, { url: 'https://wallet.example/tg', secret: SECRET, port: 0, host: '127.0.0.1' })
    stop = webhook.stop
    expect(h.fake.webhook).toMatchObject({ url: 'https://wallet.example/tg', secret_token: SECRET })
    const { port } = webhook.server.address() as AddressInfo
    const alice = h.fake.user({ firstName: 'Alice', username: 'alice' })
    h.fake.privateChat(alice, { started: true }) // the update below bypasses the fake, so tell it she wrote
    const update = {
      update_id: 1,
      message: {
        message_id: 1,
        date: 1,
        chat: { id: alice.id, type: 'private', first_name: 'Alice' },
        from: alice.user,
        text: '/balance',
        entities: [{ type: 'bot_command', offset: 0, length: 8 }],
      },
    }
    const post = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(update) })

    expect((await post({})).status).toBe(401)
    expect((await post({ 'x-telegram-bot-api-secret-token': 'guess' })).status).toBe(401)
    expect(h.fake.callsTo('sendMessage')).toHaveLength(0)
    expect((await post({ 'x-telegram-bot-api-secret-token': SECRET })).status).toBe(200)
    const reply = await h.fake.waitFor(() => h.fake.lastBotMessage(alice.privateChat))
    expect(reply.plainText).toMatch(/Balance: ¥0\.00/)
  })
})

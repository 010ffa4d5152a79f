import { afterEach, describe, expect, it } from 'vitest'
import { buttons } from '../../bot/callback-data.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'

// One router takes every command and press (bot/router.ts); these pin the grammY semantics it
// replaced, so a command or button means exactly what it meant before.
describe('routing commands and presses', () => {
  let h: BotHarness
  afterEach(() => h.dispose())

  it('takes /command and /command@thisbot (its name in any case), never /command@otherbot or a command mid-text', async () => {
    h = await startBotHarness()
    const ann = h.fake.user({ firstName: 'Ann', username: 'ann_router' })
    await ann.startBot()
    const last = () => h.fake.lastBotMessage(ann.privateChat)?.plainText
    await ann.send(ann.privateChat, `/balance@${h.fake.bot.username.toUpperCase()}`)
    expect(last()).toMatch(/^💰 Balance: ¥0\.00/)
    await ann.send(ann.privateChat, '/balance@some_other_bot')
    expect(last()).toMatch(/did not understand/)
    await ann.send(ann.privateChat, 'what is my /balance')
    expect(last()).toMatch(/did not understand/)
    await ann.send(ann.privateChat, '/Balance') // commands are case-sensitive, as in grammY
    expect(last()).toMatch(/did not understand/)
  })

  it('gives a command the text after it as its argument', async () => {
    h = await startBotHarness()
    const ann = h.fake.user({ firstName: 'Ann', username: 'ann_router' })
    const bob = h.fake.user({ firstName: 'Bob', username: 'bob_router' })
    await ann.startBot()
    await bob.startBot()
    await h.admin.startBot()
    await h.admin.send(h.admin.privateChat, '/topup @ann_router 1')
    await ann.send(ann.privateChat, `/send@${h.fake.bot.username}   @bob_router 0.5 lunch`)
    const card = h.fake.lastBotMessage(ann.privateChat)
    expect(card?.plainText).toMatch(/Bob \(@bob_router\)[\s\S]*¥0\.50[\s\S]*lunch/)
  })

  it('sends a press to its kind by prefix; an unknown prefix or data that does not unpack gets the stale-button answer', async () => {
    h = await startBotHarness()
    const ann = h.fake.user({ firstName: 'Ann', username: 'ann_router' })
    await ann.startBot()
    const welcome = h.fake.lastBotMessage(ann.privateChat)!
    for (const data of ['pay:ok:short', 'pay:zz:AAAAAAAAAAAAAAAA', 'lang:fr', 'pay', ':']) {
      const id = await ann.pressRaw(ann.privateChat, welcome.id, data)
      expect(h.fake.callbackAnswer(id)?.text ?? `no answer to ${data}`).toMatch(/no longer valid/)
    }
    await ann.pressRaw(ann.privateChat, welcome.id, buttons.language.pack('zh'))
    await ann.send(ann.privateChat, '/balance')
    expect(h.fake.lastBotMessage(ann.privateChat)?.plainText).toMatch(/^💰 零钱余额：¥0\.00/)
  })
})

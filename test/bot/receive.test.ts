import { randomBytes } from 'node:crypto'
import { createCanvas, loadImage } from '@napi-rs/canvas'
import QRCode from 'qrcode'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { QrDecoder } from '../../bot/qr/qr-decoder.js'
import type { FakeChat, FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { TestClock } from '../helpers/db.js'

const decoder = new QrDecoder()
afterAll(() => decoder.close())

describe('receive codes (收款码) and paying by scanning, through the bot', () => {
  let h: BotHarness
  let clock: TestClock
  let alice: FakeUser
  let bob: FakeUser

  beforeEach(async () => {
    clock = new TestClock(new Date('2026-11-10T04:00:00Z'))
    h = await startBotHarness({ clock, overrides: { qrLimits: { ...decoder.limits, maxBytes: 2_000_000 } } })
    alice = h.fake.user({ firstName: 'Alice', username: 'alice', languageCode: 'en' })
    bob = h.fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'zh' })
    for (const user of [h.admin, alice, bob]) await user.startBot()
    await h.admin.send(h.admin.privateChat, '/topup @alice 500')
  })
  afterEach(async () => {
    await h.assertAudit()
    await h.dispose()
  })

  const balanceOf = (user: FakeUser) => h.balanceOf(user)
  const last = (chat: FakeChat) => h.fake.lastBotMessage(chat)!
  /** `/receive …` as Bob; the picture's bytes and the link its QR code holds. */
  async function bobsCode(command = '/receive'): Promise<{ png: Uint8Array; link: string; caption: string }> {
    await bob.send(bob.privateChat, command)
    const upload = h.fake.uploads.at(-1)!
    expect(upload).toMatchObject({ method: 'sendPhoto', chatId: bob.id })
    const decoded = await decoder.decode(upload.bytes!)
    if (decoded.kind !== 'codes') throw new Error(`the bot's own code did not decode: ${decoded.kind}`)
    return { png: upload.bytes!, link: decoded.texts[0]!, caption: last(bob.privateChat).plainText! }
  }
  const payloadOf = (link: string) => new URL(link).searchParams.get('start')!
  async function confirm(): Promise<string | undefined> {
    const card = last(alice.privateChat)
    return h.fake.callbackAnswer(await alice.press(alice.privateChat, card, '✅ Confirm'))?.text
  }

  it('a personal code: the link opens an amount prompt, the typed amount becomes the card, and Bob hears 收款到账', async () => {
    const { link, caption } = await bobsCode()
    expect(link).toMatch(/^https:\/\/t\.me\/[A-Za-z0-9_]+\?start=rc_[A-Za-z0-9_-]{16}$/)
    expect(caption).toContain('你的收款码')
    expect(caption).toContain(link)
    await alice.startBot(payloadOf(link))
    expect(last(alice.privateChat).plainText).toBe('💸 Pay Bob (@bobby): how much? Send the amount, e.g. 12.50')
    // Other text is not taken for the amount; a malformed amount is refused as one.
    await alice.send(alice.privateChat, 'hello?')
    expect(last(alice.privateChat).plainText).toMatch(/did not understand/)
    await alice.send(alice.privateChat, '12.345')
    expect(last(alice.privateChat).plainText).toMatch(/decimal/i)
    await alice.send(alice.privateChat, '¥12.5')
    expect(last(alice.privateChat).plainText).toMatch(/^💸 Confirm transfer\nTo: Bob \(@bobby\)\nAmount: ¥12\.50/)
    expect(await confirm()).toMatch(/^Transfer sent · ¥12\.50/)
    expect(last(bob.privateChat).plainText).toBe('💰 收款到账¥12.50 · Alice (@alice) 扫你的收款码付款\n零钱余额：¥12.50')
    // The prompt was used up: another amount is just text again.
    await alice.send(alice.privateChat, '3')
    expect(last(alice.privateChat).plainText).not.toMatch(/Confirm transfer/)
    expect([await balanceOf(alice), await balanceOf(bob)]).toEqual([48_750n, 1_250n])
  })

  it('a fixed-amount code sent back as a photo pays exactly its amount and note once; it expires after a day', async () => {
    const { png, caption } = await bobsCode('/receive 30 lunch')
    expect(caption).toMatch(/^💚 收款码¥30\.00：/)
    await alice.sendPhoto(alice.privateChat, png)
    expect(last(alice.privateChat).plainText).toMatch(/^💸 Confirm transfer\nTo: Bob \(@bobby\)\nAmount: ¥30\.00[\s\S]*Note: lunch$/)
    const card = last(alice.privateChat)
    const confirmData = card.buttons()[0]!.callback_data!
    expect(await confirm()).toMatch(/^Transfer sent · ¥30\.00/)
    expect(h.fake.callbackAnswer(await alice.pressRaw(alice.privateChat, card.id, confirmData))?.text).toBe('Already sent: this transfer happened once.')
    expect(await balanceOf(bob)).toBe(3_000n)
    clock.advance(24 * 3_600_000)
    await alice.sendPhoto(alice.privateChat, png)
    expect(last(alice.privateChat).plainText).toBe('This receive code has expired. Nothing was paid; ask for a new one.')
    expect(await balanceOf(bob)).toBe(3_000n)
  })

  it('a reset code stops working, its replacement works; one’s own code is not paid', async () => {
    const old = await bobsCode()
    const fresh = await bobsCode('/receive reset')
    expect(fresh.link).not.toBe(old.link)
    expect(fresh.caption).toContain('旧码已失效')
    await alice.startBot(payloadOf(old.link))
    expect(last(alice.privateChat).plainText).toBe('Its owner has reset this receive code: it no longer works. Nothing was paid; ask them for their new one.')
    await alice.startBot(payloadOf(fresh.link))
    expect(last(alice.privateChat).plainText).toMatch(/^💸 Pay Bob/)
    await bob.startBot(payloadOf(fresh.link))
    expect(last(bob.privateChat).plainText).toBe('这是你自己的收款码：请出示给付款的人扫一扫。')
    // Asking twice for the personal code gives the same one.
    expect((await bobsCode()).link).toBe(fresh.link)
  })

  it('photos: no code, a code that is not ours (shown, never opened), several codes to pick from, too large to read', async () => {
    const blank = createCanvas(640, 480)
    blank.getContext('2d').fillRect(50, 50, 100, 100)
    await alice.sendPhoto(alice.privateChat, await blank.encode('jpeg', 80))
    expect(last(alice.privateChat).plainText).toBe('I found no QR code in this photo. Take it again closer, with the whole code in the picture.')

    await alice.sendDocument(alice.privateChat, await QRCode.toBuffer('https://example.com/pay?to=<evil>', { width: 400 }), { fileName: 'qr.png', mimeType: 'image/png' })
    const foreign = last(alice.privateChat)
    expect(foreign.plainText).toBe('This QR code is not a Lingqian code, so I did not open it. It says: https://example.com/pay?to=<evil>')
    expect(foreign.buttons()).toEqual([])

    const first = await bobsCode('/receive 5')
    const second = await bobsCode('/receive 7')
    const both = createCanvas(1400, 1040)
    const g = both.getContext('2d')
    g.drawImage(await loadImage(Buffer.from(first.png)), 0, 0)
    g.drawImage(await loadImage(Buffer.from(second.png)), 700, 0)
    await alice.sendPhoto(alice.privateChat, await both.encode('png'))
    const pick = last(alice.privateChat)
    expect(pick.plainText).toBe('This photo has several Lingqian codes. Which one do you want to pay?')
    expect(pick.buttons().map((b) => b.text).sort()).toEqual(['@bobby · ¥5.00', '@bobby · ¥7.00'])
    await alice.press(alice.privateChat, pick, '@bobby · ¥7.00')
    expect(last(alice.privateChat).plainText).toMatch(/Amount: ¥7\.00/)

    const calls = h.fake.calls.filter((call) => call.method === 'getFile').length
    const noise = createCanvas(1600, 1200)
    const pixels = noise.getContext('2d').createImageData(1600, 1200)
    pixels.data.set(randomBytes(pixels.data.length))
    for (let i = 3; i < pixels.data.length; i += 4) pixels.data[i] = 255 // opaque noise: a PNG of several megabytes
    noise.getContext('2d').putImageData(pixels, 0, 0)
    await alice.sendDocument(alice.privateChat, await noise.encode('png'), { fileName: 'big.png', mimeType: 'image/png' })
    expect(last(alice.privateChat).plainText).toBe('That image is too large for me to read. Send a smaller photo of the code.')
    expect(h.fake.calls.filter((call) => call.method === 'getFile').length).toBe(calls) // refused before any download
  })
})

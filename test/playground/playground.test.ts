import { createCanvas, loadImage } from '@napi-rs/canvas'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../bot/logger.js'
import { startPlayground, type RunningPlayground } from '../../bot/playground/start.js'
import { ENGINE, TEST_ENCRYPTION_KEYS, TEST_PEPPER } from '../helpers/db.js'

/*
 * The playground in real headless Chromium (Debian's package, which .ci/run installs): the
 * page driven as people would, clicking and typing, and a screenshot of each step kept under
 * .ci/out/ and checked for content. The playground always runs on its own SQLite file, so it
 * is tried once, in the SQLite run.
 */
const CHROMIUM = '/usr/bin/chromium'
const OUT = path.resolve(import.meta.dirname, '../../.ci/out')
/** The page polls the playground; on a busy machine a reply can take a few seconds. */
const PATIENT = { timeout: 15_000 }
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

describe.skipIf(ENGINE !== 'sqlite' || !existsSync(CHROMIUM))('the playground in a real browser', () => {
  let playground: RunningPlayground
  let browser: Browser
  let page: Page
  let dataDir: string
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'lingqian-playground-'))
    const env = { PASSWORD_PEPPER: TEST_PEPPER.toString('base64'), ENCRYPTION_KEY: TEST_ENCRYPTION_KEYS.current.toString('base64'), TZ: 'Asia/Shanghai' }
    playground = await startPlayground({ env, log: createLogger('silent'), dataDir, port: 0 })
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
    page = await browser.newPage({ viewport: { width: 1100, height: 800 }, locale: 'en-US' })
    await page.goto(playground.url)
    await page.locator('.msg').first().waitFor()
    mkdirSync(OUT, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
    await playground?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const lastBotMessage = () => page.locator('.msg.bot').last()
  const send = async (text: string) => {
    await page.locator('#text').fill(text)
    await page.locator('#text').press('Enter')
  }
  /** Does `action`, then waits for the bot's next message in this chat; returns it. */
  const replyTo = async (action: () => Promise<unknown>) => {
    const before = await page.locator('.msg.bot').count()
    await action()
    await expect.poll(() => page.locator('.msg.bot').count(), PATIENT).toBeGreaterThan(before)
    return page.locator('.msg.bot').nth(before)
  }
  const ask = (text: string) => replyTo(() => send(text))
  const openChat = (which: 'private' | 'group') => page.locator(`nav button[data-chat="${which}"]`).click()
  const actAs = (persona: string) => page.locator(`button[data-persona="${persona}"]`).click()
  /** Presses a keypad's buttons by their digits, each once the keypad shows the one before (●●○○○○, as a person watching it would). */
  const typeOn = async (keypad: ReturnType<Page['locator']>, digits: string) => {
    for (const [typed, digit] of [...digits].entries()) {
      await keypad.locator('.kb button', { hasText: new RegExp(`^${digit}$`) }).click()
      if (typed < digits.length - 1) await expect.poll(async () => (await keypad.innerText()).split('●').length - 1, PATIENT).toBe(typed + 1)
    }
  }
  const typePin = (keypad: ReturnType<Page['locator']>) => typeOn(keypad, '274916')
  const playgroundRunning = () => {
    try {
      return Boolean(playground.current())
    } catch {
      return false
    }
  }
  async function screenshot(name: string): Promise<void> {
    const png = await page.screenshot()
    writeFileSync(path.join(OUT, `playground-${name}.png`), png)
    // Not blank: a chat page with messages has many colours; a blank or failed page has a few.
    expect(await distinctColours(png)).toBeGreaterThan(200)
  }

  it('Alice sends Bob ¥12.50 with Confirm and the password keypad, and Bob sees the receipt', async () => {
    await openChat('private')
    expect(await (await ask('/start')).innerText()).toMatch(/Welcome to Lingqian.*Alice!\nYour wallet is ready\. Balance: ¥500\.00/s)
    const card = await ask('/send @bob_li 12.50 lunch')
    expect(await card.innerText()).toMatch(/Confirm transfer\nTo: Bob \(@bob_li\)\nAmount: ¥12\.50/)
    await card.locator('.kb button', { hasText: 'Confirm' }).click()
    await expect.poll(() => lastBotMessage().innerText(), PATIENT).toMatch(/Enter payment password/)
    await typePin(lastBotMessage())
    await expect.poll(() => lastBotMessage().innerText(), PATIENT).toMatch(/Transfer sent · ¥12\.50 to Bob/)
    await screenshot('1-alice-sent')

    await actAs('bob') // Bob reads Chinese
    await expect.poll(() => lastBotMessage().innerText(), PATIENT).toMatch(/Alice \(@alice\) 向你转账¥12\.50 · 已存入零钱/)
    await screenshot('2-bob-receipt')
  })

  it('a red packet in the group, grabbed by two others', async () => {
    await actAs('alice')
    await openChat('group')
    await send('/redpacket 10 2 Happy New Year')
    await lastBotMessage().locator('.kb button', { hasText: /Send ¥10\.00/ }).click()
    await expect.poll(() => lastBotMessage().innerText(), PATIENT).toMatch(/0 of 2 taken/)
    // Each grabber's own answer, in their language: Bob reads Chinese, Carol English.
    for (const [grabber, answer] of [['bob', /你抢到了¥\d+\.\d\d/], ['carol', /¥\d+\.\d\d added to your/]] as const) {
      await actAs(grabber)
      await openChat('group')
      await lastBotMessage().locator('.kb button', { hasText: '🧧' }).click()
      await page.locator('.toast', { hasText: answer }).waitFor(PATIENT)
    }
    await expect.poll(() => lastBotMessage().innerText(), PATIENT).toMatch(/2 of 2|手气最佳|Best luck/)
    await screenshot('3-red-packet')
  })

  it('shows the personal receive code as a picture and the statement with its chart', async () => {
    await actAs('alice')
    await openChat('private')
    const code = (await ask('/receive')).locator('.media img')
    await code.waitFor({ timeout: 10_000 })
    expect(await code.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(100)
    await screenshot('4-receive-code')

    const statement = await ask('/statement')
    await expect.poll(() => statement.innerText(), PATIENT).toMatch(/statement/i)
    const chart = statement.locator('.media img')
    await chart.waitFor()
    expect(await chart.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(300)
    await screenshot('5-statement')

    // A document the bot sends is a download: the bills of this month as CSV.
    await ask('/bills export')
    const csv = page.locator('.msg.bot .media a', { hasText: /\.csv$/ }).last()
    await csv.waitFor(PATIENT)
    const text = await page.evaluate(async (href) => (await fetch(href)).text(), (await csv.getAttribute('href'))!)
    expect(text.split('\n')[0]).toMatch(/time/i)
    expect(text).toMatch(/12\.50/)
  })

  it('inline mode: Carol posts a transfer into the group, Bob accepts it', async () => {
    await actAs('carol')
    await openChat('group')
    await page.locator('#inline-query').fill('8.80 thanks')
    await page.locator('#inline button[type=submit]').click()
    await page.locator('#inline-results .result', { hasText: 'Transfer ¥8.80' }).click()
    const offer = page.locator('.msg[data-key^="i"]').last()
    await expect.poll(() => offer.innerText(), PATIENT).toMatch(/Accept/)
    await actAs('bob')
    await openChat('group')
    await offer.locator('.kb button').first().click()
    await expect.poll(() => offer.innerText(), PATIENT).toMatch(/@bob_li accepted ¥8\.80 from/)
    // The money's arrival is Bob's alone: an alert to him, not a line in the group.
    await page.locator('#alert-text', { hasText: '¥8.80' }).waitFor()
    await page.locator('#alert-ok').click()
    await screenshot('7-inline')
  })

  it('replying to a message: Bob writes in the group, Alice pays him by replying with /send', async () => {
    await actAs('bob')
    await openChat('group')
    await send('谁请我喝咖啡？')
    await page.locator('.msg', { hasText: '谁请我喝咖啡？' }).waitFor()
    await actAs('alice')
    await openChat('group')
    await page.locator('.msg', { hasText: '谁请我喝咖啡？' }).locator('.reply').click()
    await page.locator('#replying', { hasText: '谁请我喝咖啡？' }).waitFor()
    const card = await ask('/send 5 coffee')
    expect(await card.innerText()).toMatch(/To: Bob \(@bob_li\)\nAmount: ¥5\.00/)
    await screenshot('6-reply')
  })

  it('a photo of a receive code sent to the bot is a scan; sharing the contact verifies the phone', async () => {
    await actAs('alice')
    await openChat('private')
    const code = (await ask('/receive')).locator('.media img')
    await code.waitFor({ timeout: 10_000 })
    const png = await page.evaluate(async (src) => [...new Uint8Array(await (await fetch(src)).arrayBuffer())], (await code.getAttribute('src'))!)
    await actAs('carol')
    await openChat('private')
    await page.locator('#photo').setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: Buffer.from(png) })
    await expect.poll(() => lastBotMessage().innerText(), PATIENT).toMatch(/Pay Alice.*how much\?/s)

    await page.locator('#contact').click()
    await expect.poll(() => lastBotMessage().innerText(), PATIENT).toMatch(/Phone number verified: \+86138\S*0003/)
    await screenshot('8-scan-and-contact')
  })

  it('binds a bank card with the sandbox bank: the one-time code arrives as a simulated SMS and is typed on the keypad', async () => {
    await actAs('carol')
    await openChat('private')
    // A card is bound to a verified phone (shared in the test before too: sharing again changes nothing).
    const verified = await replyTo(() => page.locator('#contact').click())
    expect(await verified.innerText()).toMatch(/Phone number verified/)
    await (await ask('/cards')).locator('.kb button', { hasText: 'Add a card' }).click()
    await expect.poll(() => lastBotMessage().innerText(), PATIENT).toMatch(/Send the card number and the cardholder's name/)
    const keypad = await ask('6225 8810 0005 1234 Carol Wu')
    const sms = page.locator('.msg.bot', { hasText: 'Simulated SMS' }).last()
    await sms.waitFor(PATIENT)
    const code = /\b(\d{6})\b/.exec(await sms.innerText())![1]!
    await typeOn(keypad, code)
    await expect.poll(() => keypad.innerText(), PATIENT).toMatch(/Card added: China Merchants Bank Debit card \(1234\)/)
    await screenshot('9-bank-card')
  })

  it("a shop's checkout: the order made through the merchant API is paid in the chat, and the shop gets its signed notification", async () => {
    const shop = await browser.newPage({ viewport: { width: 800, height: 760 }, locale: 'en-US' })
    await shop.goto(`${playground.url}shop`)
    await shop.locator('#shop-name', { hasText: 'Café' }).waitFor()
    await shop.locator('#amount').fill('23.00')
    await shop.locator('#order button[type=submit]').click()
    await shop.locator('#code-url', { hasText: 't.me/' }).waitFor()
    const qr = Buffer.from((await shop.locator('#qr').getAttribute('src'))!.replace(/^data:image\/png;base64,/, ''), 'base64')

    await actAs('alice')
    await openChat('private')
    await page.locator('#photo').setInputFiles({ name: 'checkout.png', mimeType: 'image/png', buffer: qr })
    await expect.poll(() => lastBotMessage().innerText(), PATIENT).toMatch(/Carol's Café[^]*¥23\.00/)
    await lastBotMessage().locator('.kb button', { hasText: 'Pay' }).click()
    await expect.poll(() => lastBotMessage().innerText(), PATIENT).toMatch(/Enter payment password/)
    await typePin(lastBotMessage())
    await expect.poll(() => lastBotMessage().innerText(), PATIENT).toMatch(/Payment successful · ¥23\.00 to Carol's Café/)

    await shop.locator('#status.paid').waitFor({ timeout: 20_000 })
    expect(await shop.locator('#trade-state').innerText()).toBe('SUCCESS')
    expect(await shop.locator('#transaction').innerText()).toMatch(/^\d{20,}$/)
    writeFileSync(path.join(OUT, 'playground-10-shop.png'), await shop.screenshot())
    await shop.close()
  })

  it('reset starts the playground afresh: the seeded first minute again, nothing else', async () => {
    await actAs('bob')
    page.once('dialog', (dialog) => void dialog.accept())
    await page.locator('#reset').click()
    await expect.poll(() => playgroundRunning(), PATIENT).toBe(false)
    await expect.poll(() => playgroundRunning(), { timeout: 60_000 }).toBe(true)
    const chat = async () => (await page.locator('.msg').allInnerTexts()).join('\n')
    await expect.poll(chat, { timeout: 30_000 }).not.toMatch(/12\.50/) // Alice's transfer is gone
    expect(await chat()).toMatch(/^Bob\n\/start\n.*欢迎使用零钱.*管理员为你的钱包充值¥500\.00。\n零钱余额：¥500\.00\n[^\n]*$/s)
    expect(await playground.current().app.services.core.audit()).toMatchObject({ ok: true })
  })

  it('refuses a message longer than Telegram allows, as Telegram would, and sends nothing', async () => {
    const before = await page.locator('.msg').count()
    await send('x'.repeat(4097))
    await page.locator('.toast.refused', { hasText: 'message is too long' }).waitFor()
    expect(await page.locator('.msg').count()).toBe(before)
  })
})

/** How many different colours a PNG has (sampled on a grid). */
async function distinctColours(png: Buffer): Promise<number> {
  const image = await loadImage(png)
  const canvas = createCanvas(image.width, image.height)
  const context = canvas.getContext('2d')
  context.drawImage(image, 0, 0)
  const { data } = context.getImageData(0, 0, image.width, image.height)
  const seen = new Set<number>()
  for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!)
  return seen.size
}

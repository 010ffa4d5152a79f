import { X509Certificate } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js'
import { setPassword, typeOn } from '../helpers/keypad.js'
import { shopKeys } from '../helpers/shop.js'

/*
 * The owner enables the merchant API in the chat: pastes (or uploads) the merchant's
 * certificate or public key, gives the payment password for it on the keypad, gets mchid,
 * appid, its serial, the APIv3 key once, and the platform's key and certificate as a file;
 * rotates; revokes (with the password too). A private key is refused and deleted.
 */
const PIN = '274916'
describe('merchant API credentials in the bot', () => {
  let h: BotHarness
  let bob: FakeUser
  let carol: FakeUser

  beforeEach(async () => {
    h = await startBotHarness()
    bob = h.fake.user({ firstName: 'Bob', username: 'bobby', languageCode: 'en' })
    carol = h.fake.user({ firstName: 'Carol', username: 'carol', languageCode: 'zh' })
    for (const user of [bob, carol]) await user.startBot()
    await bob.send(bob.privateChat, '/merchant Lucky Noodles | Restaurant')
  })
  afterEach(() => h.dispose())

  const last = (user: FakeUser) => h.fake.lastBotMessage(user.privateChat)!
  const texts = (user: FakeUser, count: number) => h.fake.history(user.privateChat).filter((m) => m.fromBot).slice(-count).map((m) => m.plainText ?? '')

  /** The keypad the bot just drew for a key change, typed with the password: the keypad becomes the answer. */
  async function confirmWithPassword(user: FakeUser) {
    const keypad = last(user)
    expect(keypad.plainText).toMatch(/^🔌 (Register this key|Revoke merchant API key)/)
    await typeOn(h, user, keypad, PIN)
    return h.fake.message(user.privateChat, keypad.id)!.plainText
  }
  const activeKeys = async () => Number((await h.t.db.read((tx) => tx.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM merchant_api_keys WHERE status = 'active'`)))!.n)

  it('pasting a certificate and giving the password enables the API; the APIv3 key is shown once; a second key rotates; /merchant api shows the state; revoke', async () => {
    await bob.send(bob.privateChat, '/merchant api')
    expect(last(bob).plainText).toMatch(/^🔌 Merchant API \(WeChat Pay APIv3 compatible\)/)
    const keys = shopKeys()
    await bob.send(bob.privateChat, keys.certificatePem)
    expect(last(bob).plainText).toMatch(/payment password/i) // none set yet: nothing registered
    expect(await activeKeys()).toBe(0)
    await setPassword(h, bob, PIN)
    await bob.send(bob.privateChat, keys.certificatePem)
    const issued = await confirmWithPassword(bob)
    const [file] = texts(bob, 1)
    const serial = new X509Certificate(keys.certificatePem).serialNumber.replace(/^0+/, '')
    expect(issued).toMatch(new RegExp(`^🔌 Merchant API enabled\\nMerchant number \\(mchid\\): \\d{10}\\nAppID: wx[0-9a-f]{16}\\nYour key serial number: ${serial}\\nAPIv3 key: [A-Za-z0-9]{32}\\n⚠️ The APIv3 key is shown only this once`))
    expect(file).toMatch(/^The platform's public key and certificate/)
    const platform = Buffer.from(h.fake.uploads.at(-1)!.bytes!).toString('utf8')
    expect(platform).toContain('-----BEGIN PUBLIC KEY-----')
    expect(new X509Certificate(platform.slice(platform.indexOf('-----BEGIN CERTIFICATE-----'))).serialNumber).toBe((await h.services.core.merchantApi.platformKey()).serialNo)

    await bob.sendDocument(bob.privateChat, Buffer.from(shopKeys().publicKeyPem), { fileName: 'apiclient_pub.pem', mimeType: 'application/x-pem-file' })
    const rotated = await confirmWithPassword(bob)
    expect(rotated).toMatch(/^🔌 New key registered: serial number [0-9A-F]+\. Requests signed with your earlier keys are refused/)
    expect(rotated).not.toMatch(/APIv3 key: /)
    const newSerial = /serial number ([0-9A-F]+)/.exec(rotated!)![1]!
    await bob.send(bob.privateChat, '/merchant api')
    expect(last(bob).plainText).toMatch(new RegExp(`Your key serial numbers: ${newSerial}\\n`))
    await bob.send(bob.privateChat, `/merchant api revoke ${newSerial.toLowerCase()}`)
    expect(await confirmWithPassword(bob)).toBe(`Key ${newSerial} revoked: requests signed with it are refused.`)
    expect(await activeKeys()).toBe(0)
    await bob.send(bob.privateChat, `/merchant api revoke ${newSerial}`)
    expect(last(bob).plainText).toBe('Your merchant has no active API key with that serial number.')

    // The APIv3 key's one message lost: a new key, with the password, shown once; the old one seals nothing any more.
    const firstApiV3Key = /APIv3 key: ([A-Za-z0-9]{32})/.exec(issued!)![1]!
    await bob.send(bob.privateChat, '/merchant api reset-key')
    expect(last(bob).plainText).toMatch(/^🔌 Make a new APIv3 key/)
    await typeOn(h, bob, last(bob), PIN)
    const reset = /New APIv3 key: ([A-Za-z0-9]{32})\n⚠️ Shown only this once/.exec(last(bob).plainText!)
    expect(reset?.[1]).toBeDefined()
    expect(reset![1]).not.toBe(firstApiV3Key)
    const owner = (await h.services.core.users.byTelegramId(BigInt(bob.id)))!
    const merchant = (await h.services.core.merchants.of(owner.id))!
    expect(await h.services.core.merchantApi.apiV3Key(merchant.id)).toBe(reset![1])
  })

  it('a private key, a malformed PEM, or someone without a merchant: refused, nothing saved', async () => {
    const keys = shopKeys()
    const pasted = await bob.send(bob.privateChat, keys.privateKeyPem)
    expect(last(bob).plainText).toMatch(/^That is a private key: never send it to anyone/)
    expect(h.fake.message(bob.privateChat, pasted.id)?.deleted).toBe(true) // gone from the chat
    await bob.send(bob.privateChat, '-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----')
    expect(last(bob).plainText).toMatch(/^That is not an RSA public key/)
    await carol.send(carol.privateChat, keys.publicKeyPem)
    expect(last(carol).plainText).toMatch(/商户/)
    await bob.send(bob.privateChat, '/merchant api reset-key') // no key registered yet: nothing to reset, only how to start
    expect(last(bob).plainText).toMatch(/^🔌 Merchant API \(WeChat Pay APIv3 compatible\)/)
    const saved = await h.t.db.read((tx) => tx.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM merchant_api_keys'))
    expect(Number(saved!.n)).toBe(0)
  })
})

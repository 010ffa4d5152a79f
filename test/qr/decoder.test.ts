import { createCanvas, loadImage } from '@napi-rs/canvas'
import { afterAll, describe, expect, it } from 'vitest'
import { QrDecoder } from '../../bot/qr/qr-decoder.js'
import { imageSize } from '../../bot/qr/image-size.js'
import { renderReceiveCodePicture } from '../../bot/qr/receive-code-picture.js'

const LINK = 'https://t.me/lingqian_bot?start=rc_AbCdEfGhIjKlMnOp'
const decoder = new QrDecoder()
afterAll(() => decoder.close())

const picture = () =>
  renderReceiveCodePicture({ link: LINK, title: '收款码 · Receive code', payee: 'Alice (@alice)', amount: '¥12.50', caption: 'Scan to pay', details: ['Note: lunch'] })

/** The picture as a phone photo of it might be: scaled, turned, placed off-centre in a 1280×960 JPEG. */
async function photographed(png: Buffer, options: { width: number; degrees: number; quality: number }): Promise<Buffer> {
  const image = await loadImage(png)
  const canvas = createCanvas(1280, 960)
  const g = canvas.getContext('2d')
  g.fillStyle = '#8a7f70'
  g.fillRect(0, 0, 1280, 960)
  const height = (image.height / image.width) * options.width
  g.translate(420, 480)
  g.rotate((options.degrees * Math.PI) / 180)
  g.drawImage(image, -options.width / 2, -height / 2, options.width, height)
  return canvas.encode('jpeg', options.quality)
}

describe('the QR decoder reads back every code the bot draws', () => {
  it('a receive code picture, as drawn', async () => {
    const { png } = await picture()
    expect(await decoder.decode(png)).toEqual({ kind: 'codes', texts: [LINK] })
  })

  // Every kind of code the bot draws: a personal receive code, a fixed one, a merchant's static code, an order.
  const KINDS = [
    { name: 'personal receive code', link: 'https://t.me/lingqian_bot?start=rc_Personal00000001', amount: null, details: [] },
    { name: 'fixed receive code', link: LINK, amount: '¥12.50', details: ['Note: lunch', 'Valid until 2026-12-04 12:00'] },
    { name: 'merchant code', link: 'https://t.me/lingqian_bot?start=rc_Merchant00000001', amount: null, details: ['Restaurant'] },
    { name: 'order', link: 'https://t.me/lingqian_bot?start=od_Order00000000001', amount: '¥1,234.56', details: ['Order no. 123456', 'noodles', 'Valid until 2026-12-04 12:00'] },
  ]
  for (const kind of KINDS) {
    it(`a ${kind.name} after realistic damage: JPEG quality 40, turned 15°, scaled to 300 px, off-centre in a 1280×960 photo`, async () => {
      const { png } = await renderReceiveCodePicture({ link: kind.link, title: '零钱 · 收款码', payee: '幸运面馆 Lucky Noodles', amount: kind.amount, caption: '用手机相机扫一扫', details: kind.details })
      expect(await decoder.decode(png)).toEqual({ kind: 'codes', texts: [kind.link] })
      const photo = await photographed(png, { width: 300, degrees: 15, quality: 40 })
      expect(imageSize(photo)).toEqual({ format: 'jpeg', width: 1280, height: 960 })
      expect(await decoder.decode(photo)).toEqual({ kind: 'codes', texts: [kind.link] })
    })
  }

  it('a photo without a code says none; bytes that are no image, or too big, are refused unread', async () => {
    const canvas = createCanvas(640, 480)
    canvas.getContext('2d').fillRect(100, 100, 200, 100)
    expect(await decoder.decode(await canvas.encode('jpeg', 80))).toEqual({ kind: 'none' })
    expect(await decoder.decode(new TextEncoder().encode('<svg/>'))).toEqual({ kind: 'not_an_image' })
    // A PNG header claiming 60,000 × 60,000 pixels: refused from the header alone.
    const bomb = Buffer.alloc(64)
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(bomb)
    bomb.writeUInt32BE(60_000, 16)
    bomb.writeUInt32BE(60_000, 20)
    expect(await decoder.decode(bomb)).toEqual({ kind: 'too_large' })
    const small = new QrDecoder({ ...decoder.limits, maxBytes: 1_000 })
    expect(await small.decode((await picture()).png)).toEqual({ kind: 'too_large' })
    await small.close()
  })

  it('a truncated image fails cleanly, and the decoder goes on working', async () => {
    const { png } = await picture()
    expect((await decoder.decode(png.subarray(0, 400))).kind).toMatch(/^(none|failed)$/)
    expect(await decoder.decode(png)).toEqual({ kind: 'codes', texts: [LINK] })
  })

  it('an image past the time budget stops the worker; the next image gets a fresh one', async () => {
    const impatient = new QrDecoder({ ...decoder.limits, timeoutMs: 1 })
    const { png } = await picture()
    expect(await impatient.decode(await photographed(png, { width: 600, degrees: 0, quality: 90 }))).toEqual({ kind: 'timeout' })
    impatient.limits.timeoutMs = 10_000
    expect(await impatient.decode(png)).toEqual({ kind: 'codes', texts: [LINK] })
    await impatient.close()
  })
})

/**
 * QR codes. 1: how long the decoder takes to read a receive code from a 1280×960 phone-like
 * photo (the code drawn by the bot, scaled to 300 px, turned 15°, JPEG quality 40), one at a
 * time after a warm-up: p50 / p99. 2: whether reading photos stalls anyone else: the whole bot
 * on the fake Bot API answering /balance at a steady pace (open loop), with nobody sending
 * photos against 20 people each keeping a photo of a code in flight (downloaded through
 * getFile, decoded off the main thread, answered with a pay card); /balance p99 of the two
 * phases, alternating, and their ratio. Fails on a photo not read back to its link, a wrong
 * /balance reply, or the ledger's audit.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas'
import { QrDecoder } from '../../bot/qr/qr-decoder.js'
import { renderReceiveCodePicture } from '../../bot/qr/receive-code-picture.js'
import { audit } from '../../core/audit/auditor.js'
import type { FakeUser } from '../../bot/telegram-emulator/index.js'
import { startBotHarness } from '../helpers/bot-harness.js'
import { ENGINE } from '../helpers/db.js'
import { ms, paced, pct, pooled, range, timed, type BenchResult } from './stats.js'

const DECODES = Number(process.env.BENCH_QR_DECODES ?? 60)
const READERS = 50
const SCANNERS = 20
const RATE = 200
const PHASE_MS = 2_000
const ROUNDS = 3
const BOT_USERNAME = 'lingqian_qr_bench_bot'
const row = (label: string, value: string) => console.log(`  ${label.padEnd(56)} ${value}`)

export async function runQrBench(): Promise<BenchResult> {
  const link = `https://t.me/${BOT_USERNAME}?start=rc_BenchBenchBench0`
  const photo = await timed('setup: a receive code photographed (300 px, 15°, JPEG 40, in 1280×960)', () => photographed(link))
  console.log(`  photo: ${photo.byteLength} bytes`)
  const decodeOk = await decodeTimes(photo, link)
  const stallOk = await balanceWhileScanning()
  return { ok: decodeOk && stallOk }
}

async function decodeTimes(photo: Uint8Array, link: string): Promise<boolean> {
  const decoder = new QrDecoder()
  try {
    for (let i = 0; i < 5; i++) await decoder.decode(photo) // the worker starts, WASM compiles
    const times = new Float64Array(DECODES)
    let read = 0
    for (let i = 0; i < DECODES; i++) {
      const started = process.hrtime.bigint()
      const outcome = await decoder.decode(photo)
      times[i] = Number(process.hrtime.bigint() - started)
      if (outcome.kind === 'codes' && outcome.texts[0] === link) read++
    }
    console.log(`\n1. decoding a 1280×960 photo, ${DECODES} times one after another (one worker)`)
    row('decode p50 / p99 / max', `${ms(pct(times, 0.5))} / ${ms(pct(times, 0.99))} / ${ms(pct(times, 1))}`)
    row('read back to the link', `${read} / ${DECODES}`)
    return read === DECODES
  } finally {
    await decoder.close()
  }
}

async function balanceWhileScanning(): Promise<boolean> {
  const count = Math.round((RATE * PHASE_MS) / 1000)
  console.log(`\n2. /balance at ${RATE}/s from ${READERS} people (${ENGINE}), ${ROUNDS} rounds of ${count} per phase: idle / ${SCANNERS} photos in flight`)
  const stack = await startBot()
  try {
    let replies = 0
    const balanceOnce = async (i: number) => {
      const user = stack.readers[i % READERS]!
      const sent = await user.send(user.privateChat, '/balance')
      if (user.privateChat.log.find((m) => m.fromBot && m.id > sent.id)?.plainText?.startsWith('💰 Balance: ¥')) replies++
    }
    await paced(count, RATE, balanceOnce) // warm-up
    replies = 0
    const idle: Float64Array[] = []
    const scanning: Float64Array[] = []
    let scans = 0
    for (let round = 0; round < ROUNDS; round++) {
      idle.push(await paced(count, RATE, balanceOnce))
      let stop = false
      const loops = stack.scanners.map(async (user) => {
        while (!stop) {
          await user.sendPhoto(user.privateChat, stack.photo)
          scans++
        }
      })
      scanning.push(await paced(count, RATE, balanceOnce))
      stop = true
      await Promise.all(loops)
    }
    const report = await audit(stack.db)
    const quiet = pooled(idle)
    const busy = pooled(scanning)
    const cards = stack.scanners.filter((user) => user.privateChat.log.at(-1)?.plainText?.includes('¥1.00')).length
    console.log(`\n/balance while photos are decoded (${ENGINE})`)
    row('/balance p50 / p99 idle', `${ms(pct(quiet, 0.5))} / ${ms(pct(quiet, 0.99))}`)
    row(`/balance p50 / p99 with ${SCANNERS} photos in flight`, `${ms(pct(busy, 0.5))} / ${ms(pct(busy, 0.99))}`)
    row('/balance p99 ratio scanning / idle', `${(pct(busy, 0.99) / pct(quiet, 0.99)).toFixed(2)}×`)
    row('photos read in the scanning phases', `${scans} (${(scans / ((ROUNDS * PHASE_MS) / 1000)).toFixed(1)}/s); last answer a pay card for ${cards} / ${SCANNERS}`)
    row('/balance replies', replies === ROUNDS * 2 * count ? 'as expected' : `WRONG: ${replies}`)
    row('audit of the bot database', report.ok ? 'passed' : 'FAILED')
    return replies === ROUNDS * 2 * count && cards === SCANNERS && report.ok
  } finally {
    await stack.dispose()
  }
}

async function photographed(link: string): Promise<Uint8Array> {
  const { png } = await renderReceiveCodePicture({ link, title: 'Receive code', payee: 'Merchant', amount: '¥1.00', caption: 'Scan to pay', details: [] })
  const image = await loadImage(png)
  const canvas = createCanvas(1280, 960)
  const g = canvas.getContext('2d')
  g.fillStyle = '#8a7f70'
  g.fillRect(0, 0, 1280, 960)
  g.translate(460, 420)
  g.rotate((15 * Math.PI) / 180)
  g.drawImage(image, -150, -(image.height / image.width) * 150, 300, (image.height / image.width) * 300)
  return canvas.encode('jpeg', 40)
}

/** The whole bot (the tests' harness, on this engine); readers, and scanners each holding a photo of a payee's fixed ¥1 code. */
async function startBot() {
  const h = await startBotHarness({ fake: { botUsername: BOT_USERNAME, recordCalls: false, keepMessagesPerChat: 20 }, overrides: { rateLimit: { limit: 1_000_000, timeFrameMs: 1000 } } })
  const make = (n: number, prefix: string, firstId: number): FakeUser[] =>
    range(0, n).map((i) => h.fake.user({ id: firstId + i, firstName: `${prefix} ${i}`, username: `${prefix}${i}`, languageCode: 'en' }))
  const readers = make(READERS, 'reader', 720_000_000)
  const scanners = make(SCANNERS, 'scanner', 820_000_000)
  const [payee] = make(1, 'payee', 920_000_000)
  for (const user of [...readers, ...scanners, payee!]) await user.startBot()
  await payee!.send(payee!.privateChat, '/receive 1')
  const decoded = await h.services.qr.decoder.decode(h.fake.uploads.at(-1)!.bytes!)
  if (decoded.kind !== 'codes') throw new Error('the payee code did not decode')
  return { db: h.t.db, readers, scanners, photo: await photographed(decoded.texts[0]!), dispose: () => h.dispose() }
}

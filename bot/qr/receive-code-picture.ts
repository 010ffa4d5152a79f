import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas'
import QRCode from 'qrcode'
import { CHART_FONT, loadChartFonts, pictureText, type RenderedPicture } from '../statements/chart.js'

/** What a receive code's picture shows, already worded in the owner's language. */
export interface ReceiveCodePicture {
  /** The deep link the QR code encodes. */
  link: string
  title: string
  /** Who is paid, as plain text. */
  payee: string
  /** The fixed amount, or null for a code where the payer types it. */
  amount: string | null
  /** What a phone camera does with it. */
  caption: string
  /** The note and the expiry, when there are any. */
  details: string[]
}

const WIDTH = 720
const HEIGHT = 1040
const GREEN = '#07c160'
const INK = '#191919'
const MUTED = '#888888'
/** Modules of white around the code: what scanners need to find it (the standard asks for 4). */
const QUIET_ZONE = 4
const QR_SIZE = 480

/**
 * A green receive-code card like WeChat's 收款码: the payee's name, the amount when fixed,
 * the QR code of the link, and how to use it. The QR is drawn module by module from the
 * `qrcode` matrix (no intermediate PNG) at error correction M, which survives a photo of a
 * screen; the link is short (a 16-character token), so the modules stay large.
 */
export async function renderReceiveCodePicture(picture: ReceiveCodePicture): Promise<RenderedPicture> {
  loadChartFonts()
  const canvas = createCanvas(WIDTH, HEIGHT)
  const g = canvas.getContext('2d')
  const texts: string[] = []
  const text = (value: string, y: number, size: number, options: { bold?: boolean; color?: string } = {}) => {
    const shown = pictureText(value)
    texts.push(shown)
    g.font = `${options.bold ? 'bold ' : ''}${size}px "${CHART_FONT}"`
    g.fillStyle = options.color ?? INK
    g.textAlign = 'center'
    g.fillText(shown, WIDTH / 2, y, WIDTH - 120)
  }
  g.fillStyle = GREEN
  g.fillRect(0, 0, WIDTH, HEIGHT)
  text(picture.title, 86, 40, { bold: true, color: '#ffffff' })
  g.fillStyle = '#ffffff'
  g.beginPath()
  g.roundRect(40, 130, WIDTH - 80, HEIGHT - 180, 24)
  g.fill()
  text(picture.payee, 206, 34, { bold: true })
  let qrTop = 250
  if (picture.amount) {
    text(picture.amount, 290, 52, { bold: true })
    qrTop = 320
  }
  drawQr(g, picture.link, (WIDTH - QR_SIZE) / 2, qrTop)
  text(picture.caption, qrTop + QR_SIZE + 56, 24, { color: MUTED })
  picture.details.forEach((line, i) => text(line, qrTop + QR_SIZE + 100 + i * 36, 22, { color: MUTED }))
  return { png: await canvas.encode('png'), texts }
}

function drawQr(g: SKRSContext2D, link: string, left: number, top: number): void {
  const { modules } = QRCode.create(link, { errorCorrectionLevel: 'M' })
  const cells = modules.size + QUIET_ZONE * 2
  const cell = Math.floor(QR_SIZE / cells)
  const offset = Math.floor((QR_SIZE - cell * cells) / 2) + QUIET_ZONE * cell
  g.fillStyle = '#ffffff'
  g.fillRect(left, top, QR_SIZE, QR_SIZE)
  g.fillStyle = INK
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) g.fillRect(left + offset + col * cell, top + offset + row * cell, cell, cell)
  }
}

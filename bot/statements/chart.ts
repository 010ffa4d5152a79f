import { createRequire } from 'node:module'
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas'

/**
 * The statement's picture: a PNG drawn in-process with @napi-rs/canvas (Skia), no browser and
 * no network. Chosen over satori + resvg because it draws text from a TTF directly at ~60 ms a
 * picture, where resvg needs a font subset per picture to get under a second with a 10 MB CJK
 * font. The font is Noto Sans SC from npm (@expo-google-fonts/noto-sans-sc: TTF, all of GBK),
 * so a machine without CJK fonts still draws Chinese; text is drawn only in that family.
 */
export const CHART_FONT = 'Lingqian Noto Sans SC'

let fontsLoaded = false

export function loadChartFonts(): void {
  if (fontsLoaded) return
  const require = createRequire(import.meta.url)
  for (const weight of ['400Regular/NotoSansSC_400Regular.ttf', '700Bold/NotoSansSC_700Bold.ttf']) {
    const path = require.resolve(`@expo-google-fonts/noto-sans-sc/${weight}`)
    if (!GlobalFonts.registerFromPath(path, CHART_FONT)) throw new Error(`could not load the chart font ${path}`)
  }
  fontsLoaded = true
}

/** What the picture shows, already worded in the reader's language. */
export interface StatementPicture {
  title: string
  subtitle: string
  /** Three headline figures: spending, income, net. */
  figures: Array<{ label: string; value: string }>
  dailyHeading: string
  /** Spending per day (any unit: only their proportions are drawn) and the largest day's label. */
  daily: number[]
  dailyMaxLabel: string
  typesHeading: string
  types: Array<{ label: string; value: string; share: number }>
  payeesHeading: string
  payees: Array<{ label: string; value: string }>
  footer: string
}

const WIDTH = 900
const HEIGHT = 1000
const PAD = 48
const COLORS = { background: '#f7f7f7', card: '#ffffff', ink: '#191919', muted: '#888888', accent: '#07c160', bar: '#07c160', track: '#e6e6e6' }

/** Emoji and other pictographs have no glyph in the font: they are left out of pictures. */
export const pictureText = (text: string) => text.replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu, '').trim()

export interface RenderedPicture {
  png: Buffer
  /** Every string drawn, so a test can check the font covers each character. */
  texts: string[]
}

/**
 * Draws on the calling thread (~15 ms) and encodes the PNG on libuv's thread pool (~25 ms
 * for 900×1000), so a sender can draw the next statement while this one encodes and sends.
 */
export async function renderStatementPicture(picture: StatementPicture): Promise<RenderedPicture> {
  loadChartFonts()
  const canvas = createCanvas(WIDTH, HEIGHT)
  const g = canvas.getContext('2d')
  const texts: string[] = []
  const text = (value: string, x: number, y: number, size: number, options: { bold?: boolean; color?: string; align?: 'left' | 'right' | 'center'; maxWidth?: number } = {}) => {
    const shown = pictureText(value)
    texts.push(shown)
    g.font = `${options.bold ? 'bold ' : ''}${size}px "${CHART_FONT}"`
    g.fillStyle = options.color ?? COLORS.ink
    g.textAlign = options.align ?? 'left'
    g.fillText(shown, x, y, options.maxWidth)
  }

  g.fillStyle = COLORS.background
  g.fillRect(0, 0, WIDTH, HEIGHT)
  text(picture.title, PAD, 72, 40, { bold: true })
  text(picture.subtitle, PAD, 112, 22, { color: COLORS.muted })
  drawFigures(g, picture, text)
  drawDaily(g, picture, text, 300)
  drawTypes(g, picture, text, 620)
  drawPayees(picture, text, 620)
  text(picture.footer, PAD, HEIGHT - 32, 18, { color: COLORS.muted })
  return { png: await canvas.encode('png'), texts }
}

type TextFn = (value: string, x: number, y: number, size: number, options?: { bold?: boolean; color?: string; align?: 'left' | 'right' | 'center'; maxWidth?: number }) => void

function card(g: SKRSContext2D, x: number, y: number, width: number, height: number): void {
  g.fillStyle = COLORS.card
  g.beginPath()
  g.roundRect(x, y, width, height, 16)
  g.fill()
}

function drawFigures(g: SKRSContext2D, picture: StatementPicture, text: TextFn): void {
  const width = (WIDTH - PAD * 2 - 32) / 3
  picture.figures.slice(0, 3).forEach((figure, i) => {
    const x = PAD + i * (width + 16)
    card(g, x, 140, width, 120)
    text(figure.label, x + 24, 184, 22, { color: COLORS.muted })
    text(figure.value, x + 24, 232, 34, { bold: true, color: i === 0 ? COLORS.accent : COLORS.ink, maxWidth: width - 48 })
  })
}

function drawDaily(g: SKRSContext2D, picture: StatementPicture, text: TextFn, top: number): void {
  const width = WIDTH - PAD * 2
  card(g, PAD, top, width, 290)
  text(picture.dailyHeading, PAD + 24, top + 44, 24, { bold: true })
  text(picture.dailyMaxLabel, PAD + width - 24, top + 44, 20, { color: COLORS.muted, align: 'right' })
  const chartLeft = PAD + 24
  const chartWidth = width - 48
  const base = top + 250
  const height = 170
  const most = Math.max(...picture.daily, 0)
  const step = chartWidth / Math.max(picture.daily.length, 1)
  g.fillStyle = COLORS.track
  g.fillRect(chartLeft, base, chartWidth, 2)
  picture.daily.forEach((value, day) => {
    const barHeight = most > 0 ? Math.max((value / most) * height, value > 0 ? 3 : 0) : 0
    g.fillStyle = COLORS.bar
    g.fillRect(chartLeft + day * step + step * 0.15, base - barHeight, step * 0.7, barHeight)
    if (day === 0 || (day + 1) % 5 === 0) text(String(day + 1), chartLeft + day * step + step / 2, base + 28, 16, { color: COLORS.muted, align: 'center' })
  })
}

function drawTypes(g: SKRSContext2D, picture: StatementPicture, text: TextFn, top: number): void {
  const width = (WIDTH - PAD * 2 - 16) / 2
  card(g, PAD, top, width, 310)
  card(g, PAD + width + 16, top, width, 310)
  text(picture.typesHeading, PAD + 24, top + 44, 24, { bold: true })
  picture.types.slice(0, 5).forEach((row, i) => {
    const y = top + 92 + i * 48
    text(row.label, PAD + 24, y, 20)
    text(row.value, PAD + width - 24, y, 20, { align: 'right' })
    g.fillStyle = COLORS.track
    g.fillRect(PAD + 24, y + 10, width - 48, 8)
    g.fillStyle = COLORS.bar
    g.fillRect(PAD + 24, y + 10, (width - 48) * Math.min(Math.max(row.share, 0), 1), 8)
  })
}

function drawPayees(picture: StatementPicture, text: TextFn, top: number): void {
  const width = (WIDTH - PAD * 2 - 16) / 2
  const left = PAD + width + 16
  text(picture.payeesHeading, left + 24, top + 44, 24, { bold: true })
  picture.payees.slice(0, 5).forEach((row, i) => {
    const y = top + 92 + i * 48
    text(row.label, left + 24, y, 20, { maxWidth: width - 180 })
    text(row.value, left + width - 24, y, 20, { align: 'right' })
  })
}

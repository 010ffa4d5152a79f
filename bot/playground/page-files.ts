import type { HttpBindings } from '@hono/node-server'
import { Hono } from 'hono'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const PAGE_DIR = path.join(import.meta.dirname, 'page')
const PAGES = { '/': 'index.html', '/shop': 'shop.html' }
const ASSETS: Record<string, string> = { 'app.js': 'text/javascript; charset=utf-8', 'shop.js': 'text/javascript; charset=utf-8', 'style.css': 'text/css; charset=utf-8' }

/**
 * The chat page and the shop's checkout, with their script and style, read once at start and
 * served from this server: nothing is fetched from a CDN or the network.
 */
export function pageFiles(): Hono<{ Bindings: HttpBindings }> {
  const files = new Hono<{ Bindings: HttpBindings }>()
  for (const [route, file] of Object.entries(PAGES)) {
    const html = readFileSync(path.join(PAGE_DIR, file), 'utf8')
    files.get(route, (c) => c.html(html))
  }
  for (const [file, type] of Object.entries(ASSETS)) {
    const body = readFileSync(path.join(PAGE_DIR, file), 'utf8')
    files.get(`/playground/${file}`, (c) => c.body(body, 200, { 'content-type': type }))
  }
  // Chinese on machines without a CJK font (a fresh Linux): the font the charts use, from npm.
  const font = readFileSync(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'))
  files.get('/playground/noto-sans-sc.ttf', (c) => c.body(font, 200, { 'content-type': 'font/ttf', 'cache-control': 'max-age=86400' }))
  files.get('/favicon.ico', (c) => c.body(null, 204))
  return files
}

import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (name === 'generated' || name === 'node_modules') return []
    if (statSync(full).isDirectory()) return sourceFiles(full)
    return /\.(ts|mts|js|mjs)$/.test(name) ? [full] : []
  })
}

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2]!,
  )

describe('layers: core/ knows nothing of Telegram, scheduling or the bot', () => {
  const coreFiles = sourceFiles(path.join(ROOT, 'core'))

  it('finds the core’s files', () => {
    expect(coreFiles.length).toBeGreaterThan(10)
  })

  it('core/ never imports Telegram, HTTP, scheduling or bot code', () => {
    const edge = /^(grammy|@grammyjs\/|telegraf|node-cron|(node:)?https?$|(node:)?http2$|undici|hono|fastify|express)/
    const offenders = coreFiles.flatMap((file) =>
      importsOf(file)
        .filter((spec) => edge.test(spec) || /(^|\/)bot\//.test(spec))
        .map((spec) => `${path.relative(ROOT, file)} imports ${spec}`),
    )
    expect(offenders).toEqual([])
  })

  it('core/ makes no network calls of its own (no fetch)', () => {
    const offenders = coreFiles.filter((file) => /\bfetch\(/.test(readFileSync(file, 'utf8')))
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([])
  })

  it('money in core/ never goes through floats or Math.random', () => {
    const offenders = coreFiles.filter((file) => /parseFloat\(|Math\.random\(/.test(readFileSync(file, 'utf8')))
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([])
  })
})

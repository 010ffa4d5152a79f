/**
 * V8's sampling CPU profiler from inside the bench process (node:inspector), for two uses:
 *  - `npm run bench -- --profile`: each bench's whole run written as a `.cpuprofile` that
 *    Chrome DevTools (Performance → Load profile) or VS Code opens;
 *  - splitting a measured CPU figure between the wallet and the in-process fake Telegram that
 *    drives it, which share one thread (`shareOf`).
 */
import { Session, type Profiler } from 'node:inspector/promises'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** 100 µs, fine enough to see one statement of a payment. */
const SAMPLING_INTERVAL_US = 100

export class CpuProfile {
  readonly #session = new Session()

  static async start(): Promise<CpuProfile> {
    const profile = new CpuProfile()
    profile.#session.connect()
    await profile.#session.post('Profiler.enable')
    await profile.#session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US })
    await profile.#session.post('Profiler.start')
    return profile
  }

  async stop(): Promise<Profiler.Profile> {
    const { profile } = await this.#session.post('Profiler.stop')
    this.#session.disconnect()
    return profile
  }
}

/** Writes `profile` as `<dir>/<name>.cpuprofile` and returns the path. */
export function writeProfile(profile: Profiler.Profile, dir: string, name: string): string {
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${name}.cpuprofile`)
  writeFileSync(file, JSON.stringify(profile))
  return file
}

/**
 * The share of the sampled time spent on behalf of the code `owns` claims. Each sample is
 * charged to the innermost frame of its stack that is anyone's code: Node's internals and
 * V8 builtins (JSON.stringify, Response, GC) are charged to whoever called them, so the fake
 * building a Response pays for the Response. Samples in no one's code at all (idle, program,
 * GC at the root) are left out of both sides.
 */
export function shareOf(profile: Profiler.Profile, owns: (url: string) => boolean): number {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parentOf = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id)
  const owner = new Map<number, 'ours' | 'theirs' | 'nobody'>()
  const ownerOf = (id: number): 'ours' | 'theirs' | 'nobody' => {
    const known = owner.get(id)
    if (known) return known
    const url = byId.get(id)?.callFrame.url ?? ''
    const parent = parentOf.get(id)
    const result = isCode(url) ? (owns(url) ? 'ours' : 'theirs') : parent === undefined ? 'nobody' : ownerOf(parent)
    owner.set(id, result)
    return result
  }
  let ours = 0
  let total = 0
  const deltas = profile.timeDeltas ?? []
  for (const [i, id] of (profile.samples ?? []).entries()) {
    const who = ownerOf(id)
    if (who === 'nobody') continue
    const us = deltas[i] ?? 0
    total += us
    if (who === 'ours') ours += us
  }
  return total === 0 ? 0 : ours / total
}

/** Project and dependency code; not Node's own modules (`node:…`) nor V8's builtins (no url). */
const isCode = (url: string) => url !== '' && !url.startsWith('node:')

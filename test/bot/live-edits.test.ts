import { describe, expect, it } from 'vitest'
import { LiveEdits } from '../../bot/live-edits.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('LiveEdits: coalesced edits of live messages', () => {
  it('sends at most one edit per chat per interval, and the last one shows the final state', async () => {
    const live = new LiveEdits(100, (error) => {
      throw error
    })
    let state = 0
    const shown: Array<{ at: number; state: number }> = []
    const started = Date.now()
    const edit = async () => {
      shown.push({ at: Date.now() - started, state }) // rendered when sent, not when asked
      return true
    }
    for (let i = 1; i <= 200; i++) {
      state = i
      live.request('chat-1', 'packet-1', edit)
      await sleep(2) // a storm of requests over ~0.4-0.5 s
    }
    await sleep(250)
    expect(shown.at(-1)?.state).toBe(200)
    // ~0.5 s of storm at one edit per 100 ms: a handful of edits, not 200.
    expect(shown.length).toBeLessThanOrEqual(Math.ceil((shown.at(-1)!.at + 1) / 100) + 1)
    for (let i = 1; i < shown.length; i++) expect(shown[i]!.at - shown[i - 1]!.at).toBeGreaterThanOrEqual(95)
    expect(live.sent.get('packet-1')).toBe(shown.length)
  })

  it('keeps chats apart and takes turns between packets in one chat', async () => {
    const live = new LiveEdits(60, () => {})
    const log: string[] = []
    const edit = (name: string) => async () => log.push(name) > 0
    live.request('a', 'p1', edit('a/p1'))
    live.request('b', 'p2', edit('b/p2'))
    live.request('a', 'p3', edit('a/p3'))
    await sleep(20)
    expect(log.sort()).toEqual(['a/p1', 'b/p2']) // one per chat right away
    await sleep(80)
    expect(log).toContain('a/p3') // the second packet of chat a waited its turn
  })

  it('flush sends whatever is pending at once (shutdown), and an edit error does not stop the others', async () => {
    const errors: unknown[] = []
    const live = new LiveEdits(10_000, (error) => errors.push(error))
    let edits = 0
    live.request('a', 'p1', async () => ++edits > 0)
    await sleep(5)
    live.request('a', 'p1', async () => {
      throw new Error('429')
    })
    live.request('a', 'p2', async () => ++edits > 0)
    await live.flush()
    expect(edits).toBe(2)
    expect(errors).toHaveLength(1)
  })
})

import { describe, expect, it } from 'vitest'
import { crashCycles } from '../crash/crash-cycles.js'
import { tempDatabase } from '../helpers/db.js'

describe('crash safety: SIGKILL mid-load, restart, audit', () => {
  it('keeps every acknowledged transfer, applies nothing twice, and audits clean over 10 kills', async () => {
    const t = await tempDatabase()
    await t.db.close() // the worker processes own the file; this process only checks between lives
    try {
      const results = await crashCycles(t.url, 10)
      expect(results).toHaveLength(10)
      for (const r of results) {
        expect(r.missing, `cycle ${r.cycle}: acknowledged but missing`).toEqual([])
        expect(r.wrong, `cycle ${r.cycle}: stored differently than acknowledged`).toEqual([])
        expect(r.auditOk, r.auditText).toBe(true)
      }
      // The drill only means something if payments were in flight when the kills came: most
      // lives acknowledged some (a life is 100–700 ms of load, less on a busy machine).
      expect(results.filter((r) => r.acked > 0).length).toBeGreaterThanOrEqual(8)
      expect(results.reduce((n, r) => n + r.acked, 0)).toBeGreaterThan(50)
    } finally {
      await t.dispose()
    }
  }, 180_000)
})

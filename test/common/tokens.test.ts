import { describe, expect, it } from 'vitest'
import { newToken } from '../../core/common/tokens.js'

describe('tokens', () => {
  it('are 16 URL-safe characters, and none repeats across many pool refills', () => {
    const tokens = Array.from({ length: 5_000 }, newToken) // about twenty refills of the pool
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{16}$/)
    expect(new Set(tokens).size).toBe(tokens.length)
  })
})

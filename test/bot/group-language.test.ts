import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GroupLanguage } from '../../bot/group-language.js'
import { createCore, type Core } from '../../core/core.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { openTestWallet, tempDatabase, testConfig, type TempDatabase, TEST_PEPPER, TEST_ENCRYPTION_KEYS } from '../helpers/db.js'

describe('a group language from its members', () => {
  let t: TempDatabase
  let core: Core
  let reads: number
  beforeEach(async () => {
    t = await tempDatabase()
    core = createCore({ db: t.db, wallet: testConfig(), passwordPepper: TEST_PEPPER, encryptionKeys: TEST_ENCRYPTION_KEYS })
    reads = 0
    const read = core.groups.languages.bind(core.groups)
    core.groups.languages = (chatId) => (reads++, read(chatId))
  })
  afterEach(() => t.dispose())

  const people = async (prefix: string, n: number, locale: 'en' | 'zh'): Promise<WalletUser[]> => {
    const users = await Promise.all(Array.from({ length: n }, (_, i) => openTestWallet(t.db, `${prefix}${i}`)))
    for (const user of users) await core.users.setLocale(user.id, locale)
    return users.map((user) => ({ ...user, locale }))
  }

  it('counts each newcomer as a vote at once, without reading the members again', async () => {
    const groups = new GroupLanguage(core)
    const chatId = -1001n
    for (const member of await people('wei', 2, 'zh')) await groups.noteMember(Number(chatId), member)
    expect(await groups.localeOf(chatId, 'en')).toBe('zh')
    expect(reads).toBe(1)
    const newcomers = await people('ann', 3, 'en')
    await groups.noteMember(Number(chatId), newcomers[0]!)
    expect(await groups.localeOf(chatId, 'zh')).toBe('zh') // 2 to 1
    await groups.noteMember(Number(chatId), newcomers[1]!)
    expect(await groups.localeOf(chatId, 'zh')).toBe('zh') // a tie goes to whoever acts
    expect(await groups.localeOf(chatId, 'en')).toBe('en')
    await groups.noteMember(Number(chatId), newcomers[2]!)
    expect(await groups.localeOf(chatId, 'zh')).toBe('en') // 3 to 2
    expect(reads).toBe(1)
    // What another process reads from the database agrees with the votes counted here.
    expect(await new GroupLanguage(core).localeOf(chatId, 'zh')).toBe('en')
  })

  it('a member already known to the database (noted by another process) is not counted twice', async () => {
    const chatId = -1002n
    const [wei] = await people('wei', 1, 'zh')
    const [ann] = await people('ann', 1, 'en')
    await new GroupLanguage(core).noteMember(Number(chatId), ann!) // another process
    const groups = new GroupLanguage(core)
    await groups.noteMember(Number(chatId), wei!)
    expect(await groups.localeOf(chatId, 'zh')).toBe('zh') // 1 to 1: the actor's
    await groups.noteMember(Number(chatId), ann!)
    expect(await groups.localeOf(chatId, 'zh')).toBe('zh') // still 1 to 1, not 1 to 2
  })
})

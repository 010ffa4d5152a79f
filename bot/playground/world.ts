import type { FakeChat, FakeTelegram, FakeUser } from '../telegram-emulator/index.js'

/*
 * Who lives in the playground: four people (one of them the wallet's admin) and a group with
 * all of them, in the Telegram emulator. Ids are fixed so a reset gives the same world.
 */

export interface Persona {
  /** Short and stable, for the page's URLs: `alice`. */
  key: string
  user: FakeUser
  /** A verified phone to share with the bot (share my contact). */
  phone: string
  admin: boolean
}

export interface World {
  personas: Persona[]
  group: FakeChat
}

const PEOPLE = [
  { key: 'alice', id: 700_001, firstName: 'Alice', username: 'alice', languageCode: 'en', phone: '+8613800000001' },
  { key: 'bob', id: 700_002, firstName: 'Bob', username: 'bob_li', languageCode: 'zh', phone: '+8613800000002' },
  { key: 'carol', id: 700_003, firstName: 'Carol', username: 'carol', languageCode: 'en', phone: '+8613800000003' },
  { key: 'admin', id: 700_009, firstName: 'Admin', username: 'lingqian_admin', languageCode: 'en', phone: '+8613800000009' },
] as const

/** The admin persona's Telegram id: it joins ADMIN_IDS in the playground. */
export const PLAYGROUND_ADMIN_ID = 700_009

export function buildWorld(emulator: FakeTelegram): World {
  const personas = PEOPLE.map(({ key, phone, ...user }) => ({ key, phone, user: emulator.user(user), admin: user.id === PLAYGROUND_ADMIN_ID }))
  const group = emulator.group({ title: 'Lingqian playground', members: personas.map((persona) => persona.user), admins: [personas.at(-1)!.user] })
  return { personas, group }
}

export function personaOf(world: World, key: string): Persona | undefined {
  return world.personas.find((persona) => persona.key === key)
}

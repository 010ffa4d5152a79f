import type { BotServices } from '../context.js'
import type { FakeChat, FakeTelegram, FakeUser } from '../telegram-emulator/index.js'
import type { World } from './world.js'

/** Every persona's payment password, shown on the page. */
export const PLAYGROUND_PIN = '274916'
const TOP_UP = '500'
/** Whose shop the playground's checkout page plays. */
const SHOP_OWNER = 'carol'

/*
 * The playground's first minute: everyone has started the bot and set the payment password,
 * and the admin has topped everyone up — through the bot, as an admin would (the top-ups are
 * in the admin's chat, the receipts in each person's). Returns the wallet id of the shop's
 * owner (Carol), whose café the checkout page plays.
 */
export async function seedWorld(emulator: FakeTelegram, services: BotServices, world: World): Promise<number> {
  const walletIds = new Map<string, number>()
  for (const persona of world.personas) {
    await sendAndWait(emulator, persona.user, persona.user.privateChat, '/start')
    walletIds.set(persona.key, await setPassword(services, BigInt(persona.user.id)))
  }
  const admin = world.personas.find((persona) => persona.admin)!.user
  for (const persona of world.personas.filter((each) => !each.admin)) {
    await sendAndWait(emulator, admin, admin.privateChat, `/topup @${persona.user.user.username} ${TOP_UP}`)
  }
  return walletIds.get(SHOP_OWNER)!
}

/** Sends as `user` and waits until the bot has answered in that chat. */
async function sendAndWait(emulator: FakeTelegram, user: FakeUser, chat: FakeChat, text: string): Promise<void> {
  const before = emulator.messagesIn(chat).length
  await user.send(chat, text)
  await emulator.waitFor(() => emulator.messagesIn(chat).length > before, { timeoutMs: 15_000, intervalMs: 20 })
}

/** Types the PIN twice on a keypad opened for setting it, as the person would; returns their wallet id. */
async function setPassword(services: BotServices, telegramId: bigint): Promise<number> {
  const user = await services.core.users.byTelegramId(telegramId)
  if (!user) throw new Error(`persona ${telegramId} has no wallet after /start`)
  let entry = await services.core.passwords.open({ userId: user.id, purpose: 'set' })
  for (const digit of PLAYGROUND_PIN + PLAYGROUND_PIN) {
    entry = (await services.core.passwords.press({ token: entry.token, userId: user.id, seq: entry.seq, key: entry.layout.indexOf(digit) })).entry
  }
  return user.id
}

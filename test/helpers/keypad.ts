import type { ChatMessage, FakeUser } from '../../bot/telegram-emulator/index.js'
import type { BotHarness } from './bot-harness.js'

/**
 * Presses a password keypad's digit buttons in the user's private chat (their texts are the
 * digits, in the entry's shuffled order); returns the last press's callback answer.
 */
export async function typeOn(h: BotHarness, user: FakeUser, keypad: ChatMessage, pin: string): Promise<string> {
  let answer = ''
  for (const digit of pin) answer = h.fake.callbackAnswer(await user.press(user.privateChat, h.fake.message(user.privateChat, keypad.id)!, digit))?.text ?? ''
  return answer
}

/** Sets the user's payment password with `/security password` (typed twice); returns the keypad message as it ended. */
export async function setPassword(h: BotHarness, user: FakeUser, pin: string): Promise<ChatMessage> {
  await user.send(user.privateChat, '/security password')
  const keypad = h.fake.lastBotMessage(user.privateChat)!
  await typeOn(h, user, keypad, pin)
  await typeOn(h, user, keypad, pin)
  return h.fake.message(user.privateChat, keypad.id)!
}

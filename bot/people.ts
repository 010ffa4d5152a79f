import type { Message, User } from 'grammy/types'

/**
 * Telegram's own accounts, which appear as the sender of messages nobody wrote as a person:
 * 777000 ("Telegram": channel posts forwarded into a linked group), 1087968824 (an anonymous
 * group admin), 136817688 (a message sent on behalf of a channel). Money sent to them could
 * never be reached by anyone.
 */
const SERVICE_ACCOUNT_IDS = new Set([777_000, 1_087_968_824, 136_817_688])

/** A person can hold a wallet: not a bot and not one of Telegram's service accounts. */
export const isPerson = (user: User): boolean => !user.is_bot && !SERVICE_ACCOUNT_IDS.has(user.id)

/**
 * Who wrote a message as a person, or undefined when it was sent on behalf of a chat (a
 * channel post, an anonymous admin, an automatic forward) or by a bot.
 */
export function personWhoSent(message: Pick<Message, 'from' | 'sender_chat' | 'is_automatic_forward'>): User | undefined {
  if (message.sender_chat || message.is_automatic_forward || !message.from) return undefined
  return isPerson(message.from) ? message.from : undefined
}

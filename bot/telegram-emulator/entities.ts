// Entities for text a fake user types. Real clients send a `bot_command`
// entity for a leading /command (including the /command@botname form used
// in groups) and `mention` entities for @usernames; grammY's command
// matching and any mention parsing in the bot depend on them.

import type { MessageEntity } from 'grammy/types'

const COMMAND = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])/
const MENTION = /(^|[^A-Za-z0-9_@/])@([A-Za-z][A-Za-z0-9_]{3,31})(?![A-Za-z0-9_])/g

export function userTextEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = []
  const command = COMMAND.exec(text)
  if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length })
  for (const match of text.matchAll(MENTION)) {
    const offset = match.index + match[1]!.length
    entities.push({ type: 'mention', offset, length: match[2]!.length + 1 })
  }
  return entities
}

/** The command a message starts with, split into name and @target, if any. */
export function leadingCommand(text: string): { name: string; target?: string } | undefined {
  const command = COMMAND.exec(text)?.[0]
  if (!command) return undefined
  const [name, target] = command.slice(1).split('@')
  return target === undefined ? { name: name! } : { name: name!, target }
}

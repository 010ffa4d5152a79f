import type { Message, User } from 'grammy/types'
import { DomainError } from '../core/errors.js'
import { type WalletUser } from '../core/wallet/users.js'
import type { PaymentArgs } from './command-args.js'
import type { BotContext, BotServices } from './context.js'
import { ensureUserWallet } from './middleware/user.js'
import { isPerson, personWhoSent } from './people.js'

/** Telegram usernames: 4–32 letters, digits and underscores, starting with a letter. */
const USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/

export type Recipient =
  | { kind: 'user'; user: WalletUser }
  /** A well-formed @username of nobody the wallet has met (the Bot API cannot look one up). */
  | { kind: 'username'; username: string }
  | { kind: 'none' }

/**
 * The one way a payment command finds its recipient, for /send, /topup and /redpacket: a
 * mention picked from the menu, an @username, or the message the command replies to. A bot,
 * a service account, a message sent on behalf of a chat or a malformed username is refused
 * (RECIPIENT_NOT_A_PERSON, USERNAME_INVALID); a reply is used only when `useReply` allows.
 */
export async function resolveRecipient(ctx: BotContext, services: BotServices, args: PaymentArgs, useReply = true): Promise<Recipient> {
  const open = (user: User) => ensureUserWallet(ctx.core, services.users, user, false)
  if (args.mentionedUser) {
    if (!isPerson(args.mentionedUser)) throw new DomainError('RECIPIENT_NOT_A_PERSON')
    return { kind: 'user', user: await open(args.mentionedUser) }
  }
  if (args.username !== undefined) {
    if (!USERNAME.test(args.username)) throw new DomainError('USERNAME_INVALID')
    // Only bots may have a username ending in "bot".
    if (/bot$/i.test(args.username)) throw new DomainError('RECIPIENT_NOT_A_PERSON')
    const user = await ctx.core.users.byUsername(args.username)
    return user ? { kind: 'user', user } : { kind: 'username', username: args.username }
  }
  const reply = useReply ? repliedMessage(ctx) : undefined
  if (!reply) return { kind: 'none' }
  const person = personWhoSent(reply)
  if (!person) throw new DomainError('RECIPIENT_NOT_A_PERSON')
  return { kind: 'user', user: await open(person) }
}

/**
 * The message a command replies to. In forum topics every message "replies" to the topic's
 * first message; that is not a target.
 */
export function repliedMessage(ctx: BotContext): Message | undefined {
  const reply = ctx.msg?.reply_to_message
  if (!reply || reply.message_id === ctx.msg?.message_thread_id) return undefined
  return reply
}

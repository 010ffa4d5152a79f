// A chat the fake knows: its Telegram `Chat` object, its message log and the
// per-chat message id counter. Tests get these objects as chat handles.

import type { Chat, User } from 'grammy/types'
import type { ChatMessage } from './messages.js'

export class FakeChat {
  /** Every message in order, from users and the bot, deleted ones included. Append with add(). */
  readonly log: ChatMessage[] = []
  /** Users seen in the chat (group senders, the private chat's user). */
  readonly members = new Set<number>()
  /** Groups: members who are administrators (getChatMember says so). */
  readonly admins = new Set<number>()
  /**
   * Private chats only: whether the user has written to the bot. Telegram
   * refuses (403) to let a bot message someone who never started it.
   */
  started = false
  /** Private chats only: the user blocked the bot (403 on every send). */
  blocked = false
  /**
   * Keep only the newest this-many messages (benchmarks: a fake that remembers millions of
   * messages makes garbage collection, not the bot, the thing measured). Default: all.
   */
  keepMessages = Number.POSITIVE_INFINITY
  private readonly byId = new Map<number, ChatMessage>()
  private nextMessageId = 1

  constructor(readonly chat: Chat, readonly user?: User) {
    if (user) this.members.add(user.id)
  }

  get id(): number {
    return this.chat.id
  }
  get type(): Chat['type'] {
    return this.chat.type
  }
  get title(): string | undefined {
    return 'title' in this.chat ? this.chat.title : undefined
  }

  allocateMessageId(): number {
    return this.nextMessageId++
  }

  /** Appends a new message; ids come from allocateMessageId(). */
  add(message: ChatMessage): void {
    this.log.push(message)
    this.byId.set(message.id, message)
    if (this.log.length > this.keepMessages) this.byId.delete(this.log.shift()!.id)
  }

  find(messageId: number): ChatMessage | undefined {
    return this.byId.get(messageId)
  }
}

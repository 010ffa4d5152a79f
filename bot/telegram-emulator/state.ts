// Everything the fake server knows, shared by the API method handlers and
// the simulated users. FakeTelegram wraps this with the public test API;
// keeping the data here lets each method file stay small.

import type { BotCommand, CallbackQuery, InlineQuery, User, UserFromGetMe } from 'grammy/types'
import { FakeChat } from './chats.js'
import { leadingCommand } from './entities.js'
import { badRequest } from './errors.js'
import { Faults } from './faults.js'
import { FloodControl } from './flood.js'
import type { ChatMessage, InlineMessage } from './messages.js'
import type { Payload } from './parse-request.js'
import type { ApiCall, CallbackAnswer, InlineAnswer, Upload } from './records.js'
import { UpdateQueue } from './update-queue.js'

export interface BotIdentity {
  readonly token: string
  readonly bot: UserFromGetMe
  /** Telegram's default: in groups the bot only sees commands and replies to itself. */
  readonly groupPrivacy: boolean
  /** Keep every API call in `calls`; benchmarks turn this off to save memory. */
  readonly recordCalls: boolean
  /** Newest messages kept per chat (default: all). */
  readonly keepMessagesPerChat: number
}

export class FakeState {
  readonly calls: ApiCall[] = []
  readonly chats = new Map<number, FakeChat>()
  readonly users = new Map<number, User>()
  readonly inlineMessages = new Map<string, InlineMessage>()
  readonly callbackQueries = new Map<string, CallbackQuery>()
  readonly callbackAnswers = new Map<string, CallbackAnswer>()
  readonly inlineQueries = new Map<string, InlineQuery>()
  readonly inlineAnswers = new Map<string, InlineAnswer>()
  readonly uploads: Upload[] = []
  /** Every file's bytes by file_id (what users sent, what the bot uploaded): getFile and downloads serve them. */
  readonly files = new Map<string, Uint8Array>()
  /** setMyCommands by `commandsKey(scope, language_code)`. */
  readonly commands = new Map<string, BotCommand[]>()
  /** Last payload of settings calls such as setChatMenuButton, by method name. */
  readonly settings = new Map<string, Payload>()
  webhook: Payload | undefined
  readonly queue = new UpdateQueue()
  readonly flood = new FloodControl()
  readonly faults = new Faults()
  private seq = 0

  constructor(readonly identity: BotIdentity) {}

  get bot(): UserFromGetMe {
    return this.identity.bot
  }

  /** Keeps a file's bytes under a new file_id, as Telegram's storage does. */
  storeFile(bytes: Uint8Array): { fileId: string; fileUniqueId: string } {
    const fileId = `AgACAgFake${this.next()}`
    this.files.set(fileId, bytes)
    return { fileId, fileUniqueId: `AQADfake${this.next()}` }
  }

  /** A monotonically increasing number for ids that only need to be unique. */
  next(): number {
    return ++this.seq
  }

  /** Resolves chat_id (a number or a public group's @username). */
  chatFor(p: Payload): FakeChat {
    const ref = p.chat_id
    if (ref === undefined || ref === null || ref === '') throw badRequest('chat_id is empty')
    if (typeof ref === 'string' && ref.startsWith('@')) {
      const name = ref.slice(1).toLowerCase()
      for (const chat of this.chats.values()) {
        if ('username' in chat.chat && chat.chat.username?.toLowerCase() === name) return chat
      }
      throw badRequest('chat not found')
    }
    const id = typeof ref === 'number' ? ref : Number(ref)
    const chat = Number.isSafeInteger(id) ? this.chats.get(id) : undefined
    if (!chat) throw badRequest('chat not found')
    return chat
  }

  privateChatOf(user: User): FakeChat {
    let chat = this.chats.get(user.id)
    if (!chat) {
      chat = new FakeChat(
        {
          id: user.id,
          type: 'private',
          first_name: user.first_name,
          ...(user.last_name ? { last_name: user.last_name } : {}),
          ...(user.username ? { username: user.username } : {}),
        },
        user,
      )
      chat.keepMessages = this.identity.keepMessagesPerChat
      this.chats.set(chat.id, chat)
    }
    return chat
  }

  /** Group privacy mode: which user messages Telegram passes on to the bot. */
  reachesBot(chat: FakeChat, text: string, replyTo: ChatMessage | undefined): boolean {
    if (chat.type === 'private' || !this.identity.groupPrivacy) return true
    const command = leadingCommand(text)
    if (command) return command.target === undefined || command.target.toLowerCase() === this.bot.username.toLowerCase()
    return replyTo?.fromBot === true
  }
}

export function commandsKey(scope: { type: string; chat_id?: number | string; user_id?: number } | undefined, languageCode: string | undefined): string {
  const s = scope ?? { type: 'default' }
  const target = [s.chat_id, s.user_id].filter((v) => v !== undefined).join(':')
  return `${s.type}${target ? `:${target}` : ''}|${languageCode ?? ''}`
}

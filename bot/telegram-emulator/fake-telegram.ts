// The fake Telegram Bot API used by the bot's end-to-end tests and
// benchmarks. grammY reaches it through its real client: in-process via
// `fake.fetch`, or over HTTP via `await fake.listen()` (TELEGRAM_API_ROOT).
// Tests create users and chats here and read back what the bot did.

import type { BotCommand, BotCommandScope, Chat, Update, User, UserFromGetMe } from 'grammy/types'
import { FakeChat } from './chats.js'
import { dispatch, type RawRequest } from './dispatch.js'
import { FakeUser } from './fake-user.js'
import type { Fault } from './faults.js'
import type { FloodLimit } from './flood.js'
import { type HttpFake, listenHttp } from './http-server.js'
import { createInProcessFetch, type FetchLike } from './in-process-fetch.js'
import { ChatMessage, type InlineMessage } from './messages.js'
import type { ApiCall, CallbackAnswer, InlineAnswer, Upload } from './records.js'
import { commandsKey, FakeState } from './state.js'
import type { UpdateHandler } from './update-queue.js'

export interface FakeTelegramOptions {
  readonly token: string
  readonly botUsername?: string
  /** Default: the number before ':' in the token, else 1000000001. */
  readonly botId?: number
  readonly botFirstName?: string
  /** Telegram's privacy mode for groups; on by default like a fresh bot. */
  readonly groupPrivacy?: boolean
  /** Record every API call in `calls` (default true); benchmarks may turn it off. */
  readonly recordCalls?: boolean
  /** Keep only the newest messages of each chat (default: all); benchmarks bound memory with it. */
  readonly keepMessagesPerChat?: number
}

export interface NewUser {
  readonly id?: number
  readonly firstName: string
  readonly lastName?: string
  /** 4-32 characters of [A-Za-z0-9_], starting with a letter, as Telegram requires. */
  readonly username?: string
  readonly languageCode?: string
}

export interface NewGroup {
  readonly title: string
  /** Default 'supergroup' (what groups with bots usually become). */
  readonly type?: 'group' | 'supergroup'
  /** A public group's @username (without '@'). */
  readonly username?: string
  readonly members?: readonly FakeUser[]
  /** Members who are the group's administrators. */
  readonly admins?: readonly FakeUser[]
}

export interface WaitOptions {
  readonly timeoutMs?: number
  readonly intervalMs?: number
}

const USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/

export class FakeTelegram {
  private readonly state: FakeState
  private readonly servers = new Set<HttpFake>()
  private closed = false
  private nextUserId = 100_001
  private nextGroupId = 1

  /** Pass as `new Bot(token, { client: { fetch: fake.fetch } })`; no sockets involved. */
  readonly fetch: FetchLike

  constructor(options: FakeTelegramOptions) {
    const username = options.botUsername ?? 'lingqian_test_bot'
    const bot: UserFromGetMe = {
      id: options.botId ?? (Number(/^(\d+):/.exec(options.token)?.[1]) || 1_000_000_001),
      is_bot: true,
      first_name: options.botFirstName ?? 'Lingqian Test',
      username,
      can_join_groups: true,
      can_read_all_group_messages: options.groupPrivacy === false,
      supports_inline_queries: true,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    }
    this.state = new FakeState({
      token: options.token,
      bot,
      groupPrivacy: options.groupPrivacy ?? true,
      recordCalls: options.recordCalls ?? true,
      keepMessagesPerChat: options.keepMessagesPerChat ?? Number.POSITIVE_INFINITY,
    })
    this.fetch = createInProcessFetch(this.handle, () => this.closed)
  }

  get bot(): UserFromGetMe {
    return this.state.bot
  }

  // ---- transports -------------------------------------------------------

  /** Serves the API over HTTP on 127.0.0.1 (random port) until closed. */
  async listen(): Promise<HttpFake> {
    if (this.closed) throw new Error('the fake Telegram Bot API is closed')
    const server = await listenHttp(this.handle)
    this.servers.add(server)
    return {
      apiRoot: server.apiRoot,
      close: async () => {
        this.servers.delete(server)
        await server.close()
      },
    }
  }

  /** Ends held long polls, closes HTTP servers; later in-process calls fail like a dead server. */
  async close(): Promise<void> {
    this.closed = true
    this.state.queue.close()
    await Promise.all([...this.servers].map((s) => s.close()))
    this.servers.clear()
  }

  private readonly handle = (request: RawRequest) => dispatch(this.state, request)

  // ---- update delivery --------------------------------------------------

  /**
   * Direct mode: every update goes straight to `handler` (e.g.
   * `(u) => bot.handleUpdate(u)`) and user actions resolve after it finished.
   * Pass `undefined` to go back to polling mode.
   */
  deliverTo(handler: UpdateHandler | undefined): void {
    this.state.queue.deliverTo(handler)
  }

  /** Enqueues a hand-made update (update_id is assigned). */
  enqueue(update: Omit<Update, 'update_id'>): Promise<Update> {
    return this.state.queue.push(update)
  }

  /** Updates waiting for a getUpdates confirmation (polling mode). */
  get pendingUpdates(): number {
    return this.state.queue.pendingCount
  }

  /** Makes matching calls fail as Telegram would (a 429 with a long retry_after, a 502). */
  injectFault(fault: Fault): void {
    this.state.faults.add(fault)
  }

  /** Simulates per-chat flood control (429 + retry_after); `undefined` turns it off. */
  setFloodLimit(limit: FloodLimit | undefined): void {
    this.state.flood.set(limit)
  }

  // ---- the simulated world ----------------------------------------------

  user(options: NewUser): FakeUser {
    if (options.username !== undefined && !USERNAME.test(options.username)) {
      throw new Error(`"${options.username}" is not a valid Telegram username`)
    }
    const id = options.id ?? this.nextUserId++
    if (this.state.users.has(id)) throw new Error(`user ${id} already exists`)
    const user: User = {
      id,
      is_bot: false,
      first_name: options.firstName,
      ...(options.lastName ? { last_name: options.lastName } : {}),
      ...(options.username ? { username: options.username } : {}),
      ...(options.languageCode ? { language_code: options.languageCode } : {}),
    }
    this.state.users.set(id, user)
    return new FakeUser(this.state, user)
  }

  /**
   * The user's private chat with the bot. The bot may only write there once
   * the user has written (or `started: true`), as on Telegram.
   */
  privateChat(user: FakeUser, options: { started?: boolean } = {}): FakeChat {
    const chat = this.state.privateChatOf(user.user)
    if (options.started) chat.started = true
    return chat
  }

  group(options: NewGroup): FakeChat {
    const type = options.type ?? 'supergroup'
    const n = this.nextGroupId++
    const id = type === 'supergroup' ? -1_001_000_000_000 - n : -4_000_000_000 - n
    const chat = new FakeChat(
      type === 'supergroup'
        ? { id, type, title: options.title, ...(options.username ? { username: options.username } : {}) }
        : { id, type, title: options.title },
    )
    for (const member of options.members ?? []) chat.members.add(member.id)
    for (const admin of options.admins ?? []) {
      chat.members.add(admin.id)
      chat.admins.add(admin.id)
    }
    chat.keepMessages = this.state.identity.keepMessagesPerChat
    this.state.chats.set(id, chat)
    return chat
  }

  /**
   * A message in a group that no person wrote: a channel post forwarded into its linked
   * group (from 777000 "Telegram", is_automatic_forward), or a message of an anonymous
   * admin (from GroupAnonymousBot, sender_chat = the group). Users can reply to it.
   */
  postOnBehalfOfChat(group: FakeChat, text: string, kind: 'channel-forward' | 'anonymous-admin'): ChatMessage {
    const from: User =
      kind === 'channel-forward'
        ? { id: 777_000, is_bot: false, first_name: 'Telegram' }
        : { id: 1_087_968_824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' }
    const senderChat =
      kind === 'channel-forward' ? { id: -1_002_000_000_001, type: 'channel' as const, title: 'Linked channel' } : group.chat
    const message = new ChatMessage(
      group.allocateMessageId(),
      group.chat,
      from,
      false,
      { text, plainText: text, parseMode: undefined, entities: undefined, replyMarkup: undefined, at: Date.now() },
      undefined,
      undefined,
      { sender_chat: senderChat as Chat, ...(kind === 'channel-forward' ? { is_automatic_forward: true as const } : {}) },
    )
    group.add(message)
    return message
  }

  // ---- what happened ----------------------------------------------------

  /** Every API call in arrival order (getUpdates included). */
  get calls(): readonly ApiCall[] {
    return this.state.calls
  }

  callsTo(method: string): ApiCall[] {
    return this.state.calls.filter((c) => c.method === method)
  }

  /** The bot's messages in `chat`, current version of each, deleted ones left out. */
  messagesIn(chat: FakeChat): ChatMessage[] {
    return chat.log.filter((m) => m.fromBot && !m.deleted)
  }

  lastBotMessage(chat: FakeChat): ChatMessage | undefined {
    return this.messagesIn(chat).at(-1)
  }

  /** Everything in `chat` in order: users' and bot's messages, deleted ones included. */
  history(chat: FakeChat): readonly ChatMessage[] {
    return chat.log
  }

  message(chat: FakeChat, messageId: number): ChatMessage | undefined {
    return chat.find(messageId)
  }

  callbackAnswer(callbackQueryId: string): CallbackAnswer | undefined {
    return this.state.callbackAnswers.get(callbackQueryId)
  }

  inlineAnswer(inlineQueryId: string): InlineAnswer | undefined {
    return this.state.inlineAnswers.get(inlineQueryId)
  }

  inlineMessage(inlineMessageId: string): InlineMessage | undefined {
    return this.state.inlineMessages.get(inlineMessageId)
  }

  /** A file's bytes by file_id: what a user sent, or what the bot uploaded. */
  file(fileId: string): Uint8Array | undefined {
    return this.state.files.get(fileId)
  }

  get uploads(): readonly Upload[] {
    return this.state.uploads
  }

  /** setMyCommands results keyed by `commandsKey(scope, language_code)`, e.g. 'default|zh'. */
  get commands(): ReadonlyMap<string, BotCommand[]> {
    return this.state.commands
  }

  commandsFor(options: { scope?: BotCommandScope; languageCode?: string } = {}): BotCommand[] | undefined {
    return this.state.commands.get(commandsKey(options.scope, options.languageCode))
  }

  /** The last setWebhook payload, while a webhook is set. */
  get webhook(): Readonly<Record<string, unknown>> | undefined {
    return this.state.webhook
  }

  /** Last payload of a recorded settings call such as setChatMenuButton. */
  setting(method: string): Readonly<Record<string, unknown>> | undefined {
    return this.state.settings.get(method)
  }

  /**
   * Polls `predicate` until it returns something truthy and returns that;
   * for polling/HTTP mode, where the bot reacts asynchronously.
   */
  async waitFor<T>(predicate: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
    const { timeoutMs = 2_000, intervalMs = 5 } = options
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const value = await predicate()
      if (value) return value as NonNullable<T>
      if (Date.now() >= deadline) throw new Error(`fake.waitFor: condition not met within ${timeoutMs} ms`)
      await new Promise((resolve) => setTimeout(resolve, intervalMs))
    }
  }
}

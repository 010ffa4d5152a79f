import type { I18n } from '@grammyjs/i18n'
import { GrammyError, HttpError } from 'grammy'
import type { Logger } from 'pino'
import type { Core } from '../core/core.js'
import type { DeliveryOutcome, OutboxMessage } from '../core/outbox/outbox.js'
import { truncateText } from '../core/text.js'
import type { WalletUser } from '../core/wallet/users.js'
import type { BotContext } from './context.js'
import { localeFor } from './i18n.js'
import type { Notifier } from './notifier.js'
import { renderNotice } from './notices.js'

export interface DispatcherOptions {
  /** Messages taken per round. */
  batch: number
  /** How long a taken message is ours before another dispatcher may take it. */
  leaseMs: number
  /** Tries before a message is given up (with the backoff below, about a day). */
  maxAttempts: number
}

const DEFAULTS: DispatcherOptions = { batch: 50, leaseMs: 60_000, maxAttempts: 12 }
const BACKOFF_BASE_MS = 5_000
const BACKOFF_MAX_MS = 3_600_000

/**
 * Delivers the outbox to Telegram: each message at least once, marked sent only after
 * Telegram accepted it, paced by the API throttler every call goes through. A failure holds
 * up only its own message: a 429 waits for Telegram's retry_after, a network error backs off,
 * someone who cannot be reached is skipped, not retried forever.
 */
export class OutboxDispatcher {
  readonly #options: DispatcherOptions

  constructor(
    private readonly core: Core,
    private readonly notifier: Notifier,
    private readonly i18n: I18n<BotContext>,
    private readonly log: Logger,
    options: Partial<DispatcherOptions> = {},
  ) {
    this.#options = { ...DEFAULTS, ...options }
  }

  get batchSize(): number {
    return this.#options.batch
  }

  /** One round: takes what is due (up to a batch) and delivers it. Returns how many it took. */
  async deliverDue(): Promise<number> {
    return this.#deliverAll(await this.core.outbox.takeDue(this.#options.batch, this.#options.leaseMs))
  }

  /**
   * Delivers these events' messages now, if nobody has taken them: the instance that just
   * committed a payment sends its receipt at once. If it dies first, the messages wait in
   * the outbox for the leader's next round.
   */
  async deliver(dedupeKeys: string[], known: readonly WalletUser[] = []): Promise<number> {
    return this.#deliverAll(await this.core.outbox.takeByKeys(dedupeKeys, this.#options.leaseMs), known)
  }

  /**
   * These events were shown in place (the card a top-up's keypad became says its outcome):
   * their messages are marked sent without sending them. Called after the card was edited: a
   * crash in between sends the message as well, which is better than telling nothing.
   */
  async acknowledge(dedupeKeys: string[]): Promise<void> {
    const messages = await this.core.outbox.takeByKeys(dedupeKeys, this.#options.leaseMs)
    await this.core.outbox.settle(messages.map((message) => ({ id: message.id, result: 'sent' as const })))
  }

  /**
   * `known`: people the caller read during this update (a payment's payer and payee), used
   * instead of reading them again; anyone else is read from the database.
   */
  async #deliverAll(messages: OutboxMessage[], known: readonly WalletUser[] = []): Promise<number> {
    const userById = (userId: number) => Promise.resolve(known.find((user) => user.id === userId) ?? this.core.users.get(userId))
    const outcomes = await Promise.all(messages.map((message) => this.#deliver(message, userById)))
    await this.core.outbox.settle(outcomes)
    return messages.length
  }

  async #deliver(message: OutboxMessage, userById: (userId: number) => Promise<WalletUser>): Promise<DeliveryOutcome> {
    try {
      const user = await userById(message.userId)
      if (message.type === 'budget_check') return await this.#checkBudget(message, user)
      const locale = localeFor(user)
      const t = (key: string, vars?: Record<string, string | number>) => this.i18n.t(locale, key, vars)
      const rendering = renderNotice({ t, locale, data: message.data, userById }, message.type)
      if (rendering === undefined) return this.#retry(message, `no wording for event type ${message.type}`, 0)
      const text = await rendering
      return (await this.notifier.send(user, text)) ? { id: message.id, result: 'sent' } : { id: message.id, result: 'skipped', reason: 'cannot be reached' }
    } catch (error) {
      this.log.warn({ err: error, outboxId: message.id }, 'an outbox message could not be delivered; it will be retried')
      const retryAfterMs = error instanceof GrammyError ? (error.parameters.retry_after ?? 0) * 1000 : 0
      const reason = error instanceof GrammyError || error instanceof HttpError ? error.message : String(error)
      return this.#retry(message, reason, retryAfterMs)
    }
  }

  /**
   * Money left a wallet whose owner keeps a budget: the check runs here, after the payment,
   * and any alert it writes (80% or 100%, once a month each) goes out at once.
   */
  async #checkBudget(message: OutboxMessage, user: WalletUser): Promise<DeliveryOutcome> {
    const alerts = await this.core.budgets.check(user)
    if (alerts.length) await this.deliver(alerts, [user])
    return { id: message.id, result: 'sent' }
  }

  /** Telegram's retry_after when it gave one, else exponential backoff from 5 s up to an hour. */
  #retry(message: OutboxMessage, reason: string, retryAfterMs: number): DeliveryOutcome {
    const backoff = Math.min(BACKOFF_BASE_MS * 2 ** message.attempts, BACKOFF_MAX_MS)
    const retryAt = new Date(this.core.db.clock.now().getTime() + Math.max(backoff, retryAfterMs))
    return { id: message.id, result: 'retry', reason: truncateText(reason, 500), retryAt, maxAttempts: this.#options.maxAttempts }
  }
}

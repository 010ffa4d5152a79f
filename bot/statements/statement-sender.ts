import type { I18n } from '@grammyjs/i18n'
import { GrammyError, HttpError, type Api, type RawApi } from 'grammy'
import type { Logger } from 'pino'
import type { Core } from '../../core/core.js'
import type { DeliveryResult, DueDelivery } from '../../core/statements/deliveries.js'
import { isEmpty, type Statement } from '../../core/statements/summary.js'
import { truncateText } from '../../core/text.js'
import type { WalletUser } from '../../core/wallet/users.js'
import type { BotContext } from '../context.js'
import { localeFor } from '../i18n.js'
import { statementMessage, type StatementMessage } from './statement-message.js'

export interface StatementSenderOptions {
  /** Deliveries taken per round. */
  batch: number
  /** How long a taken delivery is this sender's. */
  leaseMs: number
  /**
   * Statements sent per second at most. Telegram allows about 30 messages a second per bot
   * in all; the default leaves a third of that for people using the bot meanwhile.
   */
  perSecond: number
  /** Tries before a delivery is given up. */
  maxAttempts: number
}

const DEFAULTS: StatementSenderOptions = { batch: 50, leaseMs: 5 * 60_000, perSecond: 20, maxAttempts: 6 }
/** Delivery rows made per scheduling call. */
const SCHEDULE_BATCH = 500
const BACKOFF_MS = 60_000

/** The delivery is no longer this sender's (its lease ran out and another took it). */
const LOST = Symbol('lost')
/** A 429 beyond what auto-retry waits for itself: every send waits, not just this one. */
type Outcome = DeliveryResult & { slowDown?: boolean }

type Prepared = StatementMessage | Outcome

type Sleep = (ms: number) => Promise<void>
const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Pushes last month's statement to everyone, once each: makes the (user, month) rows that
 * are due, then takes them a batch at a time and sends each one, paced to `perSecond`.
 * A 429 pauses the whole sender for Telegram's retry_after; someone who blocked the bot is
 * marked and never tried again; a failure holds up only its own statement.
 */
export class StatementSender {
  readonly #options: StatementSenderOptions
  #nextSendAt = 0
  /** Until then (the wallet's clock) a 429's retry_after holds every round. */
  #pausedUntil = 0

  constructor(
    private readonly core: Core,
    private readonly api: Api<RawApi>,
    private readonly i18n: I18n<BotContext>,
    private readonly log: Logger,
    options: Partial<StatementSenderOptions> = {},
    private readonly wait: Sleep = sleep,
  ) {
    this.#options = { ...DEFAULTS, ...options }
  }

  get batchSize(): number {
    return this.#options.batch
  }

  /** Makes every row now due, a bounded batch per call. */
  async schedule(): Promise<number> {
    let made = 0
    for (let count = SCHEDULE_BATCH; count === SCHEDULE_BATCH; made += count) count = await this.core.statements.scheduleDue(SCHEDULE_BATCH)
    return made
  }

  /**
   * One round: takes up to a batch of due deliveries and sends them. Returns how many it
   * settled: fewer than a batch when Telegram asked to slow down, which ends the job's run.
   */
  async deliverRound(): Promise<number> {
    if (this.core.db.clock.now().getTime() < this.#pausedUntil) return 0
    const taken = await this.core.statements.takeDue(this.#options.batch, this.#options.leaseMs)
    if (taken.length === 0) return 0
    const users = await Promise.all(taken.map((delivery) => this.core.users.get(delivery.userId)))
    const statements = await this.#statementsOf(taken, users)
    // The next statement's picture is drawn while this one is encoded and sent.
    const prepare = (i: number) => this.#prepare(taken[i]!, users[i]!, statements.get(taken[i]!.id)!)
    let next: Promise<Prepared> | undefined = prepare(0)
    for (const [i, delivery] of taken.entries()) {
      const prepared: Prepared = await next!
      next = i + 1 < taken.length ? prepare(i + 1) : undefined
      const outcome = 'photo' in prepared ? await this.#send(delivery, users[i]!, prepared) : prepared
      if (outcome === LOST) continue
      await this.core.statements.settle(delivery, outcome)
      if (outcome.result === 'retry' && outcome.slowDown) {
        // Telegram asked the whole bot to slow down: the rest of the batch, and every round of
        // this sender, wait as long.
        this.#pausedUntil = outcome.retryAt.getTime()
        await next
        await this.core.statements.release(taken.slice(i + 1), outcome.retryAt)
        return i + 1
      }
    }
    return taken.length
  }

  /** The batch's statements, computed together per zone (one query set per zone, not per person). */
  async #statementsOf(taken: DueDelivery[], users: WalletUser[]): Promise<Map<number, Statement>> {
    const groups = new Map<string, DueDelivery[]>()
    taken.forEach((delivery, i) => {
      const key = `${delivery.month}|${this.core.statements.zoneOf(users[i]!)}`
      groups.set(key, [...(groups.get(key) ?? []), delivery])
    })
    const byDelivery = new Map<number, Statement>()
    for (const [key, deliveries] of groups) {
      const [month, zone] = key.split('|') as [string, string]
      const statements = await this.core.statements.compute(month, zone, deliveries.map((delivery) => delivery.userId))
      deliveries.forEach((delivery, i) => byDelivery.set(delivery.id, statements[i]!))
    }
    return byDelivery
  }

  /** The message to send, or what happened instead (nothing to report, opted out, a failure). */
  async #prepare(delivery: DueDelivery, user: WalletUser, statement: Statement): Promise<Prepared> {
    if (!user.statementsEnabled) return { result: 'off' } // opted out after the row was made
    if (isEmpty(statement)) return { result: 'empty' }
    if (!statement.balanced) this.log.error({ userId: user.id, month: delivery.month }, 'statement does not balance: opening + net != closing')
    const locale = localeFor(user)
    try {
      return await statementMessage(statement, (key, vars) => this.i18n.t(locale, key, vars), locale)
    } catch (error) {
      return this.#failure(delivery, error, false)
    }
  }

  async #send(delivery: DueDelivery, user: WalletUser, message: StatementMessage): Promise<Outcome | typeof LOST> {
    await this.#pace()
    if (!(await this.core.statements.markSending(delivery, this.#options.leaseMs))) return LOST
    try {
      await this.api.sendPhoto(Number(user.telegramId), message.photo, { caption: message.caption })
      return { result: 'sent' }
    } catch (error) {
      return this.#failure(delivery, error, true)
    }
  }

  /**
   * What a failure means for the statement. Telegram's refusals (a 4xx) mean it was not
   * shown: a 403 is final, a 429 waits its retry_after (and is not counted as a try), others
   * back off. After a network error or a 5xx nobody knows whether it arrived: it is marked
   * unconfirmed and never sent again, since a second copy cannot be taken back.
   */
  #failure(delivery: DueDelivery, error: unknown, sent: boolean): Outcome {
    const now = this.core.db.clock.now().getTime()
    const reason = truncateText(error instanceof GrammyError || error instanceof HttpError ? error.message : String(error), 500)
    if (error instanceof GrammyError && (error.error_code === 403 || /chat not found/i.test(error.description))) return { result: 'blocked', reason }
    if (sent && !(error instanceof GrammyError && error.error_code < 500)) return { result: 'unconfirmed', reason }
    this.log.warn({ err: error, deliveryId: delivery.id }, 'a statement could not be sent; it will be retried')
    const retryAfterMs = error instanceof GrammyError && error.error_code === 429 ? (error.parameters.retry_after ?? 1) * 1000 : 0
    const { maxAttempts } = this.#options
    if (retryAfterMs) return { result: 'retry', reason, retryAt: new Date(now + retryAfterMs), maxAttempts, refused: true, slowDown: true }
    return { result: 'retry', reason, retryAt: new Date(now + BACKOFF_MS * 2 ** delivery.attempts), maxAttempts }
  }

  /** Waits for this sender's next slot: at most `perSecond` sends a second. */
  async #pace(): Promise<void> {
    const now = Date.now()
    const slot = Math.max(now, this.#nextSendAt)
    this.#nextSendAt = slot + 1000 / this.#options.perSecond
    if (slot > now) await this.wait(slot - now)
  }
}

import type { I18n } from '@grammyjs/i18n'
import http from 'node:http'
import https from 'node:https'
import type { Logger } from 'pino'
import type { Core } from '../../../core/core.js'
import type { ApiIdentity } from '../../../core/merchant-api/credentials.js'
import type { NotificationOutcome, ShopNotification } from '../../../core/merchant-api/notifications.js'
import { sealResource } from '../../../core/merchant-api/wire-crypto.js'
import type { BotContext } from '../../context.js'
import { parseNotifyUrl, publicOnlyLookup } from './notify-url.js'
import { signatureHeaders } from './signed-reply.js'
import { notificationIdOf, rfc3339 } from './wire-ids.js'
import { refundNotificationJson, transactionJson } from './wire-shapes.js'

export interface ShopNotifierOptions {
  /** MERCHANT_NOTIFY_ALLOW_PRIVATE: http and private addresses allowed (development, tests). */
  allowPrivate: boolean
  /** How long a shop's server has to answer. */
  timeoutMs: number
  batch: number
  leaseMs: number
  /** In [-1, 1): where in the retry jitter a failure lands (Math.random by default; tests pin it). */
  jitter: () => number
}

const DEFAULTS: ShopNotifierOptions = { allowPrivate: false, timeoutMs: 5000, batch: 20, leaseMs: 60_000, jitter: () => Math.random() * 2 - 1 }

/**
 * Delivers the notifications shops are owed (TRANSACTION.SUCCESS, REFUND.SUCCESS) as WeChat
 * Pay sends them: the resource sealed with the merchant's APIv3 key, the body signed like an
 * answer, POSTed to the order's notify_url. Delivered = the shop answered 2xx in time;
 * anything else (another status, a redirect — never followed —, a timeout, a refused address)
 * waits for its next turn in the schedule the core keeps.
 */
export class ShopNotifier {
  readonly #options: ShopNotifierOptions

  constructor(
    private readonly core: Core,
    private readonly i18n: I18n<BotContext>,
    private readonly log: Logger,
    options: Partial<ShopNotifierOptions> = {},
  ) {
    const merged = { ...DEFAULTS, ...options }
    // A lease shorter than an attempt could let a second dispatcher send it while the first still waits.
    this.#options = { ...merged, leaseMs: Math.max(merged.leaseMs, merged.timeoutMs * 2) }
  }

  get batchSize(): number {
    return this.#options.batch
  }

  /** One round: takes what is due and delivers it; returns how many it took. */
  async deliverDue(): Promise<number> {
    const due = await this.core.merchantApi.takeDueNotifications(this.#options.batch, this.#options.leaseMs)
    const outcomes = await Promise.all(due.map((notification) => this.#deliver(notification)))
    await this.core.merchantApi.settleNotifications(outcomes)
    return due.length
  }

  async #deliver(notification: ShopNotification): Promise<NotificationOutcome> {
    try {
      const identity = await this.core.merchantApi.identity(notification.merchantId)
      const body = await this.#body(notification, identity)
      const headers = signatureHeaders(await this.core.merchantApi.platformKey(), body, this.core.db.clock.now(), identity.serialMode)
      const status = await this.#post(notification.notifyUrl, body, headers)
      if (status >= 200 && status < 300) return { id: notification.id, delivered: true }
      return this.#failed(notification, `HTTP ${status}`)
    } catch (error) {
      return this.#failed(notification, (error as Error).message)
    }
  }

  #failed(notification: ShopNotification, reason: string): NotificationOutcome {
    this.log.warn({ notificationId: notification.id, reason }, 'a shop notification was not accepted; it will be retried on schedule')
    return { id: notification.id, delivered: false, reason, jitter: this.#options.jitter() }
  }

  /** The notification's JSON: its resource made from the order (or refund) now, sealed afresh. */
  async #body(notification: ShopNotification, identity: ApiIdentity): Promise<string> {
    const api = this.core.merchantApi
    const t = (key: string) => this.i18n.t('zh', key) // WeChat Pay's notifications are in Chinese
    let resource: Record<string, unknown>
    let kind: 'transaction' | 'refund'
    if (notification.eventType === 'TRANSACTION.SUCCESS') {
      const { order } = await api.findOrder(notification.merchantId, { orderId: notification.orderId })
      resource = transactionJson(identity, order, 'SUCCESS', api.openid(notification.merchantId, order.payerUserId!), t)
      kind = 'transaction'
    } else {
      resource = refundNotificationJson(identity, await api.findRefund(notification.merchantId, { refundId: notification.refundId! }), t)
      kind = 'refund'
    }
    return JSON.stringify({
      id: notificationIdOf(notification.id, notification.createdAt),
      create_time: rfc3339(notification.createdAt),
      resource_type: 'encrypt-resource',
      event_type: notification.eventType,
      summary: t(kind === 'transaction' ? 'merchant-api-summary-transaction' : 'merchant-api-summary-refund'),
      resource: { original_type: kind, ...sealResource(await api.apiV3Key(notification.merchantId), JSON.stringify(resource), kind) },
    })
  }

  /** POSTs and resolves with the status line's code; the answer's body is not read. */
  #post(url: string, body: string, headers: Record<string, string>): Promise<number> {
    const target = parseNotifyUrl(url, this.#options.allowPrivate)
    if (!target) return Promise.reject(new Error('notify_url is not an https URL on a public address'))
    const transport = target.protocol === 'https:' ? https : http
    return new Promise((resolve, reject) => {
      const request = transport.request(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048', 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'Lingqian-Notify/1.0' },
          lookup: this.#options.allowPrivate ? undefined : publicOnlyLookup,
          timeout: this.#options.timeoutMs,
        },
        (response) => {
          resolve(response.statusCode ?? 0)
          response.destroy()
        },
      )
      const deadline = setTimeout(() => request.destroy(new Error('timed out')), this.#options.timeoutMs)
      request.on('close', () => clearTimeout(deadline))
      request.on('timeout', () => request.destroy(new Error('timed out')))
      request.on('error', reject)
      request.end(body)
    })
  }
}

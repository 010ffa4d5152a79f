import type { ReconciliationBreak } from '../core/bank/reconcile.js'
import type { OutboxEvent } from '../core/outbox/outbox.js'
import { factsOfNotice, operationOutcomeText } from './bank/operation-text.js'
import { reconciliationText } from './bank/reconciliation-text.js'
import type { WalletUser } from '../core/wallet/users.js'
import type { BotLocale } from './i18n.js'
import { esc, money, payeeLabel, personLabel } from './render.js'
import { monthName } from './statements/statement-view.js'

type Translate = (key: string, vars?: Record<string, string | number>) => string
type Data = OutboxEvent['data']

interface NoticeContext {
  t: Translate
  locale: BotLocale
  data: Data
  /** The person an event names (who paid, who claimed). */
  userById: (userId: number) => Promise<WalletUser>
}

const amount = ({ data, locale }: NoticeContext, field: string) => money(BigInt(String(data[field])), String(data.currency), locale)
const noteLine = ({ t, data }: NoticeContext, field: string) => (data[field] ? `\n${t('memo-line', { memo: esc(String(data[field])) })}` : '')
const person = ({ userById, data }: NoticeContext, field: string) => userById(Number(data[field]))

const REVIEW_NOTICE_KEYS: Record<string, string> = { approved: 'review-approved-notice', rejected: 'review-rejected-notice', expired: 'review-expired-notice' }

/**
 * How each outbox event reads, in the recipient's language at the moment it is sent. The
 * core records what happened; the wording lives here and in locales/.
 */
const NOTICES: Record<string, (n: NoticeContext) => Promise<string>> = {
  transfer_received: async (n) =>
    n.t('receipt-payee', { from: payeeLabel(await person(n, 'fromUserId')), amount: amount(n, 'amountMinor'), balance: amount(n, 'balanceAfterMinor') }) +
    noteLine(n, 'memo'),
  code_payment_received: async (n) =>
    n.t('receipt-payee-code', { from: payeeLabel(await person(n, 'fromUserId')), amount: amount(n, 'amountMinor'), balance: amount(n, 'balanceAfterMinor') }) +
    noteLine(n, 'memo'),
  merchant_payment_received: async (n) =>
    n.t('merchant-payment-received', { merchant: esc(String(n.data.merchantName)), from: payeeLabel(await person(n, 'payerUserId')), amount: amount(n, 'amountMinor'), number: Number(n.data.orderId) }) +
    noteLine(n, 'description'),
  merchant_refund: async (n) =>
    n.t('merchant-refund-notice', { merchant: esc(String(n.data.merchantName)), amount: amount(n, 'amountMinor'), number: Number(n.data.orderId), balance: amount(n, 'balanceAfterMinor') }),
  shop_notification_failed: async (n) =>
    n.t('shop-notification-failed', { number: Number(n.data.notificationId), order: Number(n.data.orderId), event: esc(String(n.data.eventType)), url: esc(String(n.data.notifyUrl)) }),
  claim_accepted: async (n) => n.t('claim-sender-notice', { to: personLabel(await person(n, 'claimerUserId')), amount: amount(n, 'amountMinor') }),
  offer_accepted: async (n) =>
    n.t('inline-sender-notice', { to: personLabel(await person(n, 'receiverUserId')), amount: amount(n, 'amountMinor'), balance: amount(n, 'balanceAfterMinor') }),
  topped_up: async (n) => n.t('topup-received', { amount: amount(n, 'amountMinor'), balance: amount(n, 'balanceAfterMinor') }) + noteLine(n, 'note'),
  claim_expired: async (n) => n.t('claim-expired-notice', { amount: amount(n, 'amountMinor') }),
  budget_alert: async (n) =>
    n.t(Number(n.data.threshold) >= 100 ? 'budget-alert-over' : 'budget-alert-near', {
      month: monthName(String(n.data.month), n.locale),
      spent: amount(n, 'spentMinor'),
      budget: amount(n, 'budgetMinor'),
      percent: Number(n.data.percent),
    }),
  payment_reviewed: async (n) =>
    n.t(REVIEW_NOTICE_KEYS[String(n.data.outcome)] ?? 'review-expired-notice', {
      to: payeeLabel(await person(n, 'payeeUserId')),
      amount: amount(n, 'amountMinor'),
      balance: n.data.balanceAfterMinor === null ? '' : amount(n, 'balanceAfterMinor'),
    }),
  red_packet_expired: async (n) =>
    n.t('rp-expired-notice', { grabbed: Number(n.data.grabbed), count: Number(n.data.count), refund: amount(n, 'refundedMinor') }),
  bank_operation_settled: async (n) => operationOutcomeText(n.t, n.locale, factsOfNotice(n.data)),
  // Only the sandbox bank sends these: marked as what they are, never mistaken for a real text.
  simulated_sms: async (n) => n.t('simulated-sms', { text: esc(String(n.data.text)) }),
  reconciliation_report: async (n) => reconciliationText(n.t, { day: String(n.data.day), matched: Number(n.data.matched), breaks: JSON.parse(String(n.data.list)) as ReconciliationBreak[], breakCount: Number(n.data.breaks), currency: String(n.data.currency) }, n.locale),
}

/** The message for an event, or undefined for a type this version does not know. */
export function renderNotice(context: NoticeContext, type: string): Promise<string> | undefined {
  return NOTICES[type]?.(context)
}

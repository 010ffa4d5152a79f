import type { BankDecline } from '../../core/bank/gateway.js'
import type { BankOperationKind, BankOperationStatus, BankOperationView } from '../../core/bank/operations.js'
import type { BankCode, CardType } from '../../core/bank/card-number.js'
import type { OutboxEvent } from '../../core/outbox/outbox.js'
import type { BotLocale } from '../i18n.js'
import { esc, money } from '../render.js'
import { cardLabel, type CardLabelFacts } from './card-label.js'

type Translate = (key: string, vars?: Record<string, string | number>) => string

/**
 * What a top-up or withdrawal says, on its card and in the notice that tells its outcome
 * later: the same words either way, from the operation or from the notice's data.
 */
export interface OperationFacts {
  kind: BankOperationKind
  status: BankOperationStatus
  reason: string | null
  amountMinor: bigint
  feeMinor: bigint
  currency: string
  card: CardLabelFacts
  balanceAfterMinor: bigint | null
}

const DECLINE_KEYS: Record<BankDecline, string> = {
  card_declined: 'bank-decline-card-declined',
  insufficient_funds: 'bank-decline-insufficient-funds',
  card_invalid: 'bank-decline-card-invalid',
  card_not_bound: 'bank-decline-card-not-bound',
}

export const factsOfOperation = (view: BankOperationView): OperationFacts => ({ ...view, reason: view.declineReason })

export function factsOfNotice(data: OutboxEvent['data']): OperationFacts {
  return {
    kind: data.kind as BankOperationKind,
    status: data.status as BankOperationStatus,
    reason: (data.reason as string | null) ?? null,
    amountMinor: BigInt(String(data.amountMinor)),
    feeMinor: BigInt(String(data.feeMinor)),
    currency: String(data.currency),
    card: { bankCode: (data.bankCode as BankCode | null) ?? null, cardType: (data.cardType as CardType | null) ?? null, last4: String(data.last4) },
    balanceAfterMinor: data.balanceAfterMinor === null || data.balanceAfterMinor === undefined ? null : BigInt(String(data.balanceAfterMinor)),
  }
}

/** Above the keypad: what the password confirms (for a withdrawal, the fee and the total taken from the balance). */
export function operationSummary(t: Translate, locale: BotLocale, facts: OperationFacts): string {
  const vars = varsOf(t, locale, facts)
  return facts.kind === 'topup' ? t('bank-topup-summary', vars) : t(facts.feeMinor > 0n ? 'bank-withdraw-summary' : 'bank-withdraw-summary-free', vars)
}

/** Where the operation stands: done, declined (and why), or waiting for the bank's answer. */
export function operationOutcomeText(t: Translate, locale: BotLocale, facts: OperationFacts): string {
  const vars = varsOf(t, locale, facts)
  const topUp = facts.kind === 'topup'
  switch (facts.status) {
    case 'succeeded':
      return topUp ? t('bank-topup-succeeded', vars) : t('bank-withdraw-succeeded', vars)
    case 'declined':
      return topUp ? t('bank-topup-declined', vars) : t('bank-withdraw-declined', vars)
    case 'expired':
      return t('error-BANK_OPERATION_EXPIRED')
    default:
      return topUp ? t('bank-topup-pending', vars) : t('bank-withdraw-pending', vars)
  }
}

function varsOf(t: Translate, locale: BotLocale, facts: OperationFacts): Record<string, string> {
  const amount = (minor: bigint) => money(minor, facts.currency, locale)
  const reasonKey = DECLINE_KEYS[facts.reason as BankDecline] ?? 'bank-decline-other'
  return {
    amount: amount(facts.amountMinor),
    fee: amount(facts.feeMinor),
    total: amount(facts.amountMinor + facts.feeMinor),
    card: esc(cardLabel(t, facts.card)),
    reason: t(reasonKey),
    balance: facts.balanceAfterMinor === null ? '' : amount(facts.balanceAfterMinor),
  }
}

import type { BreakKind, ReconciliationBreak } from '../../core/bank/reconcile.js'
import type { BotLocale } from '../i18n.js'
import { esc, money } from '../render.js'

type Translate = (key: string, vars?: Record<string, string | number>) => string

const BREAK_KEYS: Record<BreakKind, string> = {
  missing_at_bank: 'reconcile-break-missing-at-bank',
  missing_in_ledger: 'reconcile-break-missing-in-ledger',
  amount_mismatch: 'reconcile-break-amount-mismatch',
}

/** How many breaks a report lists; the rest are counted. */
export const LISTED_BREAKS = 10

export interface ReconciliationSummary {
  day: string
  matched: number
  breaks: ReconciliationBreak[]
  /** All of the day's breaks, of which `breaks` may list only the first. */
  breakCount: number
  currency: string
}

/** An admin's reconciliation report: a clean day says so; otherwise each break, with both sides' amounts. */
export function reconciliationText(t: Translate, report: ReconciliationSummary, locale: BotLocale): string {
  if (report.breakCount === 0) return t('reconcile-clean', { day: report.day, matched: report.matched })
  const amount = (minor: string | null) => (minor === null ? '—' : money(BigInt(minor), report.currency, locale))
  const lines = report.breaks.slice(0, LISTED_BREAKS).map((each) =>
    t(BREAK_KEYS[each.kind], { operation: esc(each.operationId), direction: t(each.direction === 'charge' ? 'reconcile-charge' : 'reconcile-payout'), ledger: amount(each.ledgerMinor), bank: amount(each.bankMinor) }),
  )
  return t('reconcile-breaks', { day: report.day, matched: report.matched, breaks: report.breakCount, list: lines.join('\n') })
}

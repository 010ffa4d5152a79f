import type { Locale } from '../../core/money/index.js'
import { addMonths, parseMonth, type Month } from '../../core/statements/calendar.js'
import type { Statement } from '../../core/statements/summary.js'
import { counterpartyText, TYPE_LABELS } from '../bills/bill-labels.js'
import { esc, money } from '../render.js'
import type { StatementPicture } from './chart.js'

export type Translate = (key: string, vars?: Record<string, string | number>) => string

const monthFormats = new Map<Locale, Intl.DateTimeFormat>()

/** "November 2026" / "2026年11月". */
export function monthName(month: Month, locale: Locale): string {
  let format = monthFormats.get(locale)
  if (!format) monthFormats.set(locale, (format = new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: 'long', timeZone: 'UTC' })))
  const { year, month: m } = parseMonth(month)
  return format.format(new Date(Date.UTC(year, m - 1, 1)))
}

const signed = (amountMinor: bigint, currency: string, locale: Locale) => (amountMinor > 0n ? '+' : '') + money(amountMinor, currency, locale)

/** The photo's caption: the figures a person looks for first, in their language. */
export function statementCaption(statement: Statement, t: Translate, locale: Locale): string {
  const { currency } = statement
  const amount = (minor: bigint) => money(minor, currency, locale)
  const month = monthName(statement.month, locale)
  const lines = [
    t('statement-caption', {
      month,
      out: amount(statement.outMinor),
      outCount: statement.outCount,
      in: amount(statement.inMinor),
      inCount: statement.inCount,
      net: signed(statement.netMinor, currency, locale),
      closing: amount(statement.closingMinor),
    }),
  ]
  lines.push(changeLine(statement, t, locale))
  const { redPackets } = statement
  if (redPackets.sentCount || redPackets.receivedCount) {
    lines.push(
      t('statement-red-packets', {
        sent: amount(redPackets.sentMinor),
        sentCount: redPackets.sentCount,
        received: amount(redPackets.receivedMinor),
        receivedCount: redPackets.receivedCount,
        best: redPackets.luckiestMinor === null ? '-' : amount(redPackets.luckiestMinor),
      }),
    )
  }
  if (statement.biggestPayment) {
    lines.push(t('statement-biggest', { amount: amount(statement.biggestPayment.amountMinor), to: esc(counterpartyText(t, statement.biggestPayment.counterparty)) }))
  }
  return lines.join('\n')
}

function changeLine(statement: Statement, t: Translate, locale: Locale): string {
  const difference = statement.outMinor - statement.previousOutMinor
  const previous = monthName(addMonths(statement.month, -1), locale)
  if (difference === 0n) return t('statement-change-same', { previous })
  const amount = money(difference < 0n ? -difference : difference, statement.currency, locale)
  return t(difference > 0n ? 'statement-change-up' : 'statement-change-down', { amount, previous })
}

/** Everything the picture draws, worded. */
export function statementPicture(statement: Statement, t: Translate, locale: Locale): StatementPicture {
  const { currency } = statement
  const amount = (minor: bigint) => money(minor, currency, locale)
  const mostInADay = statement.dailyOutMinor.reduce((a, b) => (a > b ? a : b), 0n)
  const spendingTypes = statement.byType.filter((type) => type.outMinor > 0n)
  return {
    title: t('statement-title', { month: monthName(statement.month, locale) }),
    subtitle: t('statement-subtitle', { zone: statement.timeZone, opening: amount(statement.openingMinor), closing: amount(statement.closingMinor) }),
    figures: [
      { label: t('statement-spending'), value: amount(statement.outMinor) },
      { label: t('statement-income'), value: amount(statement.inMinor) },
      { label: t('statement-net'), value: signed(statement.netMinor, currency, locale) },
    ],
    dailyHeading: t('statement-daily'),
    // Proportions only; a day's fen count stays far below 2^53.
    daily: statement.dailyOutMinor.map(Number),
    dailyMaxLabel: t('statement-daily-most', { amount: amount(mostInADay) }),
    typesHeading: t('statement-by-type'),
    types: spendingTypes.length
      ? spendingTypes.map((type) => ({ label: t(TYPE_LABELS[type.type]), value: amount(type.outMinor), share: Number(type.outMinor) / Number(statement.outMinor) }))
      : [{ label: t('statement-nothing'), value: '', share: 0 }],
    payeesHeading: t('statement-top-payees'),
    payees: statement.topPayees.length
      ? statement.topPayees.map((payee) => ({ label: counterpartyText(t, payee.counterparty), value: amount(payee.outMinor) }))
      : [{ label: t('statement-nothing'), value: '' }],
    footer: t('statement-footer', { opening: amount(statement.openingMinor), net: signed(statement.netMinor, currency, locale), closing: amount(statement.closingMinor) }),
  }
}

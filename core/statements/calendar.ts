/**
 * Calendar months in a person's time zone. A statement covers a month as its reader lives
 * it: a payment at 07:30 on 1 March in Asia/Shanghai belongs to March, though it is still
 * 28 February in UTC. Built on Intl (no time-zone library): a zone's offset at an instant is
 * read from how Intl writes that instant there.
 */

/** `YYYY-MM`. */
export type Month = string

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

export function isMonth(text: string): text is Month {
  return MONTH.test(text)
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** True for a zone Intl knows (`Asia/Shanghai`, `UTC`); false for anything else. */
export function isTimeZone(text: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(text)) return false
  try {
    formatterFor(text)
    return true
  } catch {
    return false
  }
}

export interface LocalTime {
  year: number
  /** 1–12 */
  month: number
  day: number
  hour: number
  minute: number
}

/** The wall-clock time at `at` in `timeZone`. */
export function localTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(at)) if (part.type !== 'literal') parts[part.type] = Number(part.value)
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! }
}

/** The zone's offset from UTC at `at`, in ms (Asia/Shanghai: +8 h). */
function offsetAt(at: Date, timeZone: string): number {
  const local = localTime(at, timeZone)
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute)
  return asUtc - Math.floor(at.getTime() / 60_000) * 60_000
}

/**
 * The instant when the wall clock in `timeZone` first shows this time. The offset is read
 * twice because it can differ between the naive guess and the answer (a daylight-saving
 * change). Where the clock jumps over the hour asked for (Havana's midnight in March), the
 * second reading lands before it, on the day before: the first one is then the answer.
 */
export function zonedInstant(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const naive = Date.UTC(year, month - 1, day, hour)
  const first = naive - offsetAt(new Date(naive), timeZone)
  const second = new Date(naive - offsetAt(new Date(first), timeZone))
  const local = localTime(second, timeZone)
  return local.day === day && local.hour >= hour ? second : new Date(first)
}

export function monthOf(at: Date, timeZone: string): Month {
  const { year, month } = localTime(at, timeZone)
  return formatMonth(year, month)
}

export function formatMonth(year: number, month: number): Month {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`
}

export function parseMonth(month: Month): { year: number; month: number } {
  const match = MONTH.exec(month)
  if (!match) throw new Error(`not a month: ${month}`)
  return { year: Number(match[1]), month: Number(match[2]) }
}

export function addMonths(month: Month, count: number): Month {
  const { year, month: m } = parseMonth(month)
  const index = year * 12 + (m - 1) + count
  return formatMonth(Math.floor(index / 12), (index % 12) + 1)
}

export function daysIn(month: Month): number {
  const { year, month: m } = parseMonth(month)
  return new Date(Date.UTC(year, m, 0)).getUTCDate()
}

/** The month as instants: from its first midnight (inclusive) to the next month's (exclusive). */
export function monthRange(month: Month, timeZone: string): { from: Date; to: Date } {
  const { year, month: m } = parseMonth(month)
  const next = parseMonth(addMonths(month, 1))
  return { from: zonedInstant(year, m, 1, 0, timeZone), to: zonedInstant(next.year, next.month, 1, 0, timeZone) }
}

const dayStarts = new Map<string, number[]>()

/**
 * The instants (ms) each day of the month begins in the zone, and the next month's start
 * last: asked for once per month and zone, so placing an entry on its day is a search over
 * numbers rather than a call into Intl (which costs microseconds, per entry).
 */
function dayStartsOf(month: Month, timeZone: string): number[] {
  const key = `${month}|${timeZone}`
  let starts = dayStarts.get(key)
  if (!starts) {
    const { year, month: m } = parseMonth(month)
    starts = Array.from({ length: daysIn(month) }, (_, day) => zonedInstant(year, m, day + 1, 0, timeZone).getTime())
    starts.push(monthRange(month, timeZone).to.getTime())
    if (dayStarts.size > 1_000) dayStarts.clear()
    dayStarts.set(key, starts)
  }
  return starts
}

/** The day of the month (1-based) `at` falls on in the zone, or 0 when it is outside the month. */
export function dayOfMonth(at: Date, month: Month, timeZone: string): number {
  const starts = dayStartsOf(month, timeZone)
  const time = at.getTime()
  if (time < starts[0]! || time >= starts[starts.length - 1]!) return 0
  let low = 0
  let high = starts.length - 2
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if (starts[mid]! <= time) low = mid
    else high = mid - 1
  }
  return low + 1
}

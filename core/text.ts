const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * Shortens text to at most `max` user-perceived characters, the last being "…" when it cut.
 * Cuts between graphemes, never inside one: slicing a JavaScript string by code units can
 * split a surrogate pair (an emoji) into a lone half, which is not valid UTF-8 and which
 * Telegram refuses. Works on plain text; escape for HTML afterwards, so no entity is cut.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text // no more code units than allowed: no more graphemes either
  const parts: string[] = []
  for (const { segment } of graphemes.segment(text)) {
    parts.push(segment)
    if (parts.length > max) return `${parts.slice(0, max - 1).join('')}…`
  }
  return text
}

/**
 * Like truncateText, but counting UTF-16 code units (an emoji takes two), as Telegram counts
 * its plain-text limits (a callback answer's 200, a button's 64): cut between graphemes, at
 * most `max` code units, the last being "…" when it cut.
 */
export function truncateToCodeUnits(text: string, max: number): string {
  if (text.length <= max) return text
  let kept = ''
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > max - 1) break
    kept += segment
  }
  return `${kept}…`
}

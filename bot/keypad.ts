import { InlineKeyboard } from 'grammy'
import { PIN_LENGTH } from '../core/security/password.js'
import type { PasswordEntry } from '../core/security/password-entry.js'
import { buttons } from './callback-data.js'

type Translate = (key: string, vars?: Record<string, string | number>) => string

/** What a keypad's message says above the keys, by purpose and step. */
const PROMPTS: Record<PasswordEntry['step'], string> = {
  old: 'keypad-prompt-old',
  new: 'keypad-prompt-new',
  confirm: 'keypad-prompt-confirm',
  pay: 'keypad-prompt-pay',
}

/**
 * The keypad message: what the password is for (`summary`, already HTML), the prompt, a line
 * about the last entry (wrong, too simple…) and ●●●○○○; under it the digits in the entry's
 * shuffled order, ⌫ and ✕. Every button names the entry's current sequence number, so the
 * keypad of any earlier state is dead.
 */
export function renderKeypad(t: Translate, entry: PasswordEntry, summary: string | null, notice: string | null): { text: string; keyboard: InlineKeyboard } {
  const dots = '●'.repeat(entry.filled) + '○'.repeat(PIN_LENGTH - entry.filled)
  const text = [summary, t(PROMPTS[entry.step]), notice, `<code>${dots}</code>`].filter(Boolean).join('\n\n')
  const key = (position: number | 'back' | 'cancel') => buttons.keypad.pack({ token: entry.token, seq: entry.seq, key: position })
  const keyboard = new InlineKeyboard()
  for (let position = 0; position < 9; position++) {
    keyboard.text(entry.layout[position]!, key(position))
    if (position % 3 === 2) keyboard.row()
  }
  keyboard.text('⌫', key('back')).text(entry.layout[9]!, key(9)).text('✕', key('cancel'))
  return { text, keyboard }
}

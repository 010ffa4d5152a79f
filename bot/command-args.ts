import type { MessageEntity } from 'grammy/types'

/** What follows a payment command: `@alice 12.5 lunch`, `12.5 lunch` (as a reply), ... */
export interface PaymentArgs {
  /** `@username` as typed (without "@"), when the first word is a mention. */
  username?: string
  /** A person picked from the mention menu, for people without a username. */
  mentionedUser?: { id: number; first_name: string; username?: string; last_name?: string; language_code?: string; is_bot: boolean }
  amountText?: string
  memo?: string
}

/**
 * Splits the command's argument text. The recipient may be an @mention (or a text mention);
 * the next word is the amount; everything after it is the memo, kept as typed.
 */
export function parsePaymentArgs(text: string, entities: MessageEntity[] = []): PaymentArgs {
  const commandEnd = text.match(/^\/\S+\s*/)?.[0].length ?? 0
  let rest = text.slice(commandEnd)
  let offset = commandEnd
  const args: PaymentArgs = {}
  const first = rest.match(/^\S+/)?.[0]
  const entityAt = entities.find((e) => e.offset === offset)
  if (entityAt?.type === 'text_mention') {
    args.mentionedUser = entityAt.user
  } else if (first?.startsWith('@') && first.length > 1) {
    args.username = first.slice(1)
  }
  if (args.mentionedUser || args.username) {
    const length = entityAt?.type === 'text_mention' ? entityAt.length : (first?.length ?? 0)
    offset += length
    rest = text.slice(offset).trimStart()
  }
  const amountText = rest.match(/^\S+/)?.[0]
  if (amountText) {
    args.amountText = amountText
    const memo = rest.slice(amountText.length).trim()
    if (memo) args.memo = memo
  }
  return args
}

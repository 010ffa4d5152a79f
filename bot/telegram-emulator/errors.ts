// Errors the fake answers with. They carry the same error_code, description
// and parameters as the real Bot API, so grammY turns them into the same
// GrammyError the bot would see in production (and auto-retry reacts alike).

export interface ResponseParameters {
  retry_after?: number
  migrate_to_chat_id?: number
}

export class TelegramError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description)
    this.name = 'TelegramError'
  }
}

export const badRequest = (what: string): TelegramError =>
  new TelegramError(400, `Bad Request: ${what}`)

export const forbidden = (what: string): TelegramError =>
  new TelegramError(403, `Forbidden: ${what}`)

export const unauthorized = (): TelegramError => new TelegramError(401, 'Unauthorized')

export const methodNotFound = (): TelegramError =>
  new TelegramError(404, 'Not Found: method not found')

export const conflict = (what: string): TelegramError => new TelegramError(409, `Conflict: ${what}`)

export const tooManyRequests = (retryAfter: number): TelegramError =>
  new TelegramError(429, `Too Many Requests: retry after ${retryAfter}`, {
    retry_after: retryAfter,
  })

// Telegram's wording for a callback/inline query id that is unknown, expired
// or already answered: answering twice is a bug we want tests to see.
export const queryInvalid = (): TelegramError =>
  badRequest('query is too old and response timeout expired or query ID is invalid')

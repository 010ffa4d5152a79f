// Plain records of what the bot did, kept for test assertions.

import type { InlineQueryResult, InlineQueryResultsButton } from 'grammy/types'
import type { Payload } from './parse-request.js'

export interface ApiCall {
  readonly method: string
  payload: Payload
  /** Date.now() when the request arrived. */
  readonly at: number
  /** Set when the fake answered with ok:false. */
  error?: { readonly code: number; readonly description: string }
}

export interface CallbackAnswer {
  readonly callbackQueryId: string
  readonly text: string | undefined
  readonly showAlert: boolean
  readonly url: string | undefined
  readonly cacheTime: number | undefined
  readonly at: number
}

export interface InlineAnswer {
  readonly inlineQueryId: string
  readonly results: InlineQueryResult[]
  readonly cacheTime: number | undefined
  readonly isPersonal: boolean
  readonly nextOffset: string | undefined
  readonly button: InlineQueryResultsButton | undefined
  readonly at: number
}

export interface Upload {
  readonly method: string
  readonly chatId: number
  readonly messageId: number
  /** The API field: 'photo' or 'document'. */
  readonly field: string
  readonly fileId: string
  /** Present when the file was uploaded as multipart. */
  readonly bytes: Uint8Array | undefined
  readonly filename: string | undefined
  readonly contentType: string | undefined
  /** Present when the bot sent a file_id or URL string instead of bytes. */
  readonly source: string | undefined
  readonly at: number
}

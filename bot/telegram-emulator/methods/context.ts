// The shape every API method handler has: a payload in, a result out (or a
// thrown TelegramError, which dispatch turns into ok:false).

import type { UploadedFile } from '../multipart.js'
import type { Payload } from '../parse-request.js'
import type { FakeState } from '../state.js'

export interface MethodContext {
  readonly state: FakeState
  /** Multipart file parts by part name (grammY references them as attach://name). */
  readonly files: Map<string, UploadedFile>
  /** Aborted when the client gives up (bot.stop(), closed socket); ends long polls. */
  readonly signal: AbortSignal | undefined
}

export type Method = (payload: Payload, ctx: MethodContext) => unknown

// Update delivery methods: getUpdates with real long polling, and the webhook
// switches that decide whether getUpdates is allowed at all.

import { conflict } from '../errors.js'
import { optBool, optInt, optString } from '../payload.js'
import type { Method } from './context.js'

export const getUpdates: Method = (p, { state, signal }) => {
  // Same rule as Telegram: a bot with a webhook cannot poll.
  if (state.webhook) {
    throw conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
  }
  const limit = Math.min(100, Math.max(1, optInt(p, 'limit') ?? 100))
  const timeout = Math.max(0, optInt(p, 'timeout') ?? 0)
  return state.queue.poll({ offset: optInt(p, 'offset') ?? 0, limit, timeoutMs: timeout * 1000, signal })
}

export const setWebhook: Method = (p, { state }) => {
  const url = optString(p, 'url') ?? ''
  state.webhook = url === '' ? undefined : p
  if (optBool(p, 'drop_pending_updates')) state.queue.clear()
  return true
}

export const deleteWebhook: Method = (p, { state }) => {
  state.webhook = undefined
  if (optBool(p, 'drop_pending_updates')) state.queue.clear()
  return true
}

export const getWebhookInfo: Method = (_p, { state }) => ({
  url: optString(state.webhook ?? {}, 'url') ?? '',
  has_custom_certificate: false,
  pending_update_count: state.queue.pendingCount,
})

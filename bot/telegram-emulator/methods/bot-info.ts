// Who the bot is, what it knows about chats, and its settings (commands,
// menu button, descriptions). Settings are only recorded: tests assert that
// the bot configured itself, e.g. localized commands per language.

import type { BotCommand, BotCommandScope } from 'grammy/types'
import { badRequest } from '../errors.js'
import { optInt, optObject, optString } from '../payload.js'
import { commandsKey } from '../state.js'
import type { Method } from './context.js'

export const getMe: Method = (_p, { state }) => state.bot

export const getChat: Method = (p, { state }) => ({
  ...state.chatFor(p).chat,
  accent_color_id: 0,
  max_reaction_count: 11,
  accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false },
})

export const getChatMember: Method = (p, { state }) => {
  const chat = state.chatFor(p)
  const userId = optInt(p, 'user_id')
  if (userId === state.bot.id) return { status: 'member', user: state.bot }
  const user = userId === undefined ? undefined : state.users.get(userId)
  if (!user) throw badRequest('PARTICIPANT_ID_INVALID')
  if (chat.admins.has(user.id)) return { status: 'administrator', user, can_be_edited: false, is_anonymous: false }
  return { status: chat.members.has(user.id) ? 'member' : 'left', user }
}

const COMMAND_NAME = /^[a-z0-9_]{1,32}$/

export const setMyCommands: Method = (p, { state }) => {
  const commands = optObject<BotCommand[]>(p, 'commands')
  if (!Array.isArray(commands)) throw badRequest('commands is empty')
  if (commands.length > 100) throw badRequest('BOT_COMMANDS_TOO_MUCH')
  for (const c of commands) {
    if (typeof c.command !== 'string' || !COMMAND_NAME.test(c.command)) throw badRequest('BOT_COMMAND_INVALID')
    if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) {
      throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID')
    }
  }
  state.commands.set(scopeKey(p), commands)
  return true
}

export const getMyCommands: Method = (p, { state }) => state.commands.get(scopeKey(p)) ?? []

export const deleteMyCommands: Method = (p, { state }) => {
  state.commands.delete(scopeKey(p))
  return true
}

const scopeKey = (p: Parameters<Method>[0]): string =>
  commandsKey(optObject<BotCommandScope>(p, 'scope'), optString(p, 'language_code'))

/** Settings calls that only need recording; the last payload per method is kept. */
export const recordSetting =
  (method: string): Method =>
  (p, { state }) => {
    state.settings.set(method, p)
    return true
  }

// The method table. Telegram matches method names case-insensitively, so
// the table is keyed by lower-case name.

import { answerCallbackQuery, answerInlineQuery } from './answers.js'
import {
  deleteMyCommands, getChat, getChatMember, getMe, getMyCommands, recordSetting, setMyCommands,
} from './bot-info.js'
import type { Method } from './context.js'
import { deleteMessage, editMessageCaption, editMessageReplyMarkup, editMessageText } from './edit.js'
import { getFile } from './files.js'
import { sendChatAction, sendDocument, sendMessage, sendPhoto } from './send.js'
import { deleteWebhook, getUpdates, getWebhookInfo, setWebhook } from './updates.js'

const table: Record<string, Method> = {
  getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo,
  sendMessage, sendPhoto, sendDocument, sendChatAction,
  editMessageText, editMessageCaption, editMessageReplyMarkup, deleteMessage,
  answerCallbackQuery, answerInlineQuery,
  getChat, getChatMember, setMyCommands, getMyCommands, deleteMyCommands, getFile,
  setChatMenuButton: recordSetting('setChatMenuButton'),
  setMyDescription: recordSetting('setMyDescription'),
  setMyShortDescription: recordSetting('setMyShortDescription'),
  setMyName: recordSetting('setMyName'),
  setMyDefaultAdministratorRights: recordSetting('setMyDefaultAdministratorRights'),
}

const byLowerCase = new Map(Object.entries(table).map(([name, method]) => [name.toLowerCase(), method]))

export function findMethod(name: string): Method | undefined {
  return byLowerCase.get(name.toLowerCase())
}

export type { Method, MethodContext } from './context.js'

import type { I18n } from '@grammyjs/i18n'
import type { Api, RawApi } from 'grammy'
import type { BotCommand } from 'grammy/types'
import type { Logger } from 'pino'
import type { BotContext } from './context.js'
import type { BotLocale } from './i18n.js'

export const USER_COMMANDS = ['start', 'help', 'balance', 'send', 'receive', 'redpacket', 'bills', 'statement', 'budget', 'cards', 'topup', 'withdraw', 'security', 'merchant', 'settings', 'language'] as const
export const ADMIN_COMMANDS = ['audit', 'freeze', 'unfreeze', 'review'] as const

/** The command menu in one language; admins see their own commands too. */
export function menuCommands(i18n: I18n<BotContext>, locale: BotLocale, admin: boolean): BotCommand[] {
  const names = admin ? [...USER_COMMANDS, ...ADMIN_COMMANDS] : USER_COMMANDS
  return names.map((command) => ({ command, description: i18n.t(locale, `cmd-${command}`) }))
}

/**
 * Publishes the menus: English by default, Chinese for zh clients, and for each admin's
 * private chat the admin menu. An admin who never started the bot has no chat yet; that
 * one is skipped with a log line.
 */
export async function publishCommands(api: Api<RawApi>, i18n: I18n<BotContext>, adminIds: Iterable<bigint>, log: Logger): Promise<void> {
  await api.setMyCommands(menuCommands(i18n, 'en', false))
  await api.setMyCommands(menuCommands(i18n, 'zh', false), { language_code: 'zh' })
  for (const adminId of adminIds) {
    try {
      await api.setMyCommands(menuCommands(i18n, 'en', true), { scope: { type: 'chat', chat_id: Number(adminId) } })
    } catch (error) {
      log.warn({ adminId: adminId.toString(), err: error }, 'could not set the admin command menu (has this admin started the bot?)')
    }
  }
}

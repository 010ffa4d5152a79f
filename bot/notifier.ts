import type { I18n } from '@grammyjs/i18n'
import type { Api, RawApi } from 'grammy'
import { GrammyError } from 'grammy'
import type { InlineKeyboardMarkup } from 'grammy/types'
import type { Logger } from 'pino'
import type { WalletUser } from '../core/wallet/users.js'
import type { BotContext } from './context.js'
import { localeFor } from './i18n.js'

export type Vars = Record<string, string | number>

/**
 * Tells someone other than the person in the current update (a payee, a claim's sender) about
 * their money, in their own language. Only people who started the bot can be messaged; one
 * who blocked it is skipped. Never called inside a database transaction.
 */
export class Notifier {
  constructor(
    private readonly api: Api<RawApi>,
    private readonly i18n: I18n<BotContext>,
    private readonly log: Logger,
  ) {}

  text(user: Pick<WalletUser, 'locale' | 'languageCode'>, key: string, vars: Vars = {}): string {
    return this.i18n.t(localeFor(user), key, vars)
  }

  async send(user: WalletUser, text: string, replyMarkup?: InlineKeyboardMarkup): Promise<boolean> {
    if (!user.startedAt) return false
    try {
      await this.api.sendMessage(Number(user.telegramId), text, { reply_markup: replyMarkup })
      return true
    } catch (error) {
      // Blocked the bot, or the chat is gone: that person cannot be told. Anything else (bad
      // HTML, a bug) is ours and goes up to the error boundary.
      if (error instanceof GrammyError && (error.error_code === 403 || /chat not found/i.test(error.description))) {
        this.log.info({ telegramId: user.telegramId.toString(), error: error.description }, 'could not notify user')
        return false
      }
      throw error
    }
  }
}

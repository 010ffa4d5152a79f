import type { QrDecoder } from './qr/qr-decoder.js'
import type { FileDownload } from './qr/telegram-files.js'
import type { I18n, I18nFlavor } from '@grammyjs/i18n'
import type { Context } from 'grammy'
import type { Logger } from 'pino'
import type { Core, CoreModules } from '../core/core.js'
import type { WalletConfig } from '../core/wallet/config.js'
import type { WalletUser } from '../core/wallet/users.js'
import type { UserCache } from './middleware/user.js'
import type { RedPacketMessages } from './red-packet-live.js'
import type { GroupLanguage } from './group-language.js'
import type { BotLocale } from './i18n.js'
import type { Notifier } from './notifier.js'
import type { ShopNotifier } from './http/merchant-api/shop-notifier.js'
import type { OutboxDispatcher } from './outbox-dispatcher.js'
import type { PasswordPrompt } from './password-prompt.js'
import type { StatementSender } from './statements/statement-sender.js'

/** What every feature needs, built once in createBot and passed to each Composer. */
export interface BotServices {
  /** The wallet: every use case the bot calls. */
  core: Core
  /** The wallet's rules (the core's config), for what the bot shows. */
  wallet: WalletConfig
  i18n: I18n<BotContext>
  log: Logger
  notifier: Notifier
  groups: GroupLanguage
  outbox: OutboxDispatcher
  /** Delivers what shops' servers are owed (merchant API notifications). */
  shopNotifier: ShopNotifier
  users: UserCache
  redPackets: { messages: RedPacketMessages }
  statements: StatementSender
  /** Asks for the payment password on the keypad, and runs what a verified entry unlocks. */
  passwords: PasswordPrompt
  /** Reading QR codes from the photos people send: the decoder, and the download of a file they sent. */
  qr: { decoder: QrDecoder; download: FileDownload }
}

export interface WalletFlavor {
  /** The wallet, for this update: what its handlers call (it knows whether money moved). */
  core: CoreModules
  /** The person behind the update, with an open wallet; set for every update that has a sender. */
  wallet: WalletUser
  /** Logger bound to this update's id. */
  log: Logger
  /** In a group: the group's language, which `ctx.t` writes group messages in. */
  chatLocale?: BotLocale
  /**
   * Translates into the language of the person behind the update, wherever they are: for
   * what only they read (a callback answer, a private message), even in a group.
   */
  personal: (key: string, vars?: Record<string, string | number>) => string
}

export type BotContext = Context & I18nFlavor & WalletFlavor

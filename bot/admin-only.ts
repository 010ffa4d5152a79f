import type { NextFunction } from 'grammy'
import { isAdmin, type WalletConfig } from '../core/wallet/config.js'
import type { BotContext } from './context.js'

/** Admin commands (ADMIN_IDS) go on; everyone else gets a polite refusal, whatever they typed. */
export const adminOnly = (config: WalletConfig) => (ctx: BotContext, next: NextFunction) =>
  ctx.from && isAdmin(config, ctx.from.id) ? next() : ctx.reply(ctx.t('not-admin'))

import { formatAuditReport } from '../../core/audit/auditor.js'
import { parseAmount } from '../../core/money/index.js'
import { idempotencyKeys, noticeKeys } from '../../core/common/keys.js'
import { adminOnly } from '../admin-only.js'
import { parsePaymentArgs } from '../command-args.js'
import type { BotServices } from '../context.js'
import type { Router } from '../router.js'
import { localeOf } from '../i18n.js'
import { resolveRecipient } from '../recipients.js'
import { esc, money, payeeLabel } from '../render.js'

/** Admin commands (ADMIN_IDS): `/topup @user <amount> [note]` and `/audit`. */
export function adminFeature(router: Router, services: BotServices): void {
  const { wallet: config } = services
  router.onCommand(['topup', 'audit'], adminOnly(config))

  router.onCommand('topup', async (ctx) => {
    const args = parsePaymentArgs(ctx.msg.text, ctx.msg.entities)
    const found = await resolveRecipient(ctx, services, args)
    if (!args.amountText || found.kind === 'none') return ctx.reply(ctx.t('topup-usage'))
    if (found.kind === 'username') return ctx.reply(ctx.t('user-unknown', { username: `@${esc(found.username)}` }))
    const target = found.user
    const amountMinor = parseAmount(args.amountText, { currency: config.currency, maxMinor: config.maxPaymentMinor })
    const receipt = await ctx.core.topUps.topUp({
      // One top-up per command message: a redelivered update cannot credit twice.
      idempotencyKey: idempotencyKeys.topUp(ctx.chat.id, ctx.msg.message_id),
      adminTelegramId: ctx.wallet.telegramId,
      toUserId: target.id,
      amountMinor,
      note: args.memo,
    })
    const locale = localeOf(ctx)
    await ctx.reply(
      // Not their balance: that is theirs to see (they are told it in private), not the admin's.
      ctx.t('topup-done', { to: payeeLabel(target), amount: money(receipt.amountMinor, receipt.currency, locale) }),
    )
    await services.outbox.deliver([noticeKeys.toppedUp(receipt.postingId)])
  })

  router.onCommand('audit', async (ctx) => {
    const report = await ctx.core.audit()
    await ctx.reply(`<pre>${esc(formatAuditReport(report))}</pre>`)
  })
}

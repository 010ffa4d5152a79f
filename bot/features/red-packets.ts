import type { InlineQueryResultArticle } from 'grammy/types'
import { DomainError, isDomainError } from '../../core/errors.js'
import { parseAmount } from '../../core/money/index.js'
import type { RedPacketView } from '../../core/redpacket/packet-store.js'
import { entryTargets } from '../../core/security/password-entry.js'
import type { WalletUser } from '../../core/wallet/users.js'
import { buttons, inlinePacketResult } from '../callback-data.js'
import { parsePaymentArgs } from '../command-args.js'
import type { BotContext, BotServices } from '../context.js'
import type { Router } from '../router.js'
import { domainErrorText } from '../middleware/error-boundary.js'
import { ensureUserWallet } from '../middleware/user.js'
import { renderCard, renderLive } from '../red-packet-render.js'
import { localeFor, localeOf } from '../i18n.js'
import { personWhoSent } from '../people.js'
import { repliedMessage, resolveRecipient } from '../recipients.js'
import { esc, money, personLabel } from '../render.js'
import { editQuietly } from './send.js'

const COUNT = /^\d{1,6}$/

const personWhoSentReply = (ctx: BotContext) => {
  const reply = repliedMessage(ctx)
  return reply ? personWhoSent(reply) : undefined
}

/**
 * 红包: `/redpacket <total> <count> [greeting]` (or `/redpacket @user <amount> [greeting]`)
 * prepares a card only the sender can press; Send moves the money to escrow and turns the
 * card into the packet; Open 🧧 grabs a share. In private chat the card offers "Send to a
 * chat" (inline mode), and `@bot hb <total> <count> [greeting]` works in any chat directly.
 */
export function redPacketsFeature(router: Router, services: BotServices): void {
  const { wallet: config, redPackets } = services
  const { messages } = redPackets
  const { limits } = services.core.redPackets

  router.onCommand('redpacket', async (ctx) => {
    const args = parsePaymentArgs(ctx.msg.text, ctx.msg.entities)
    if (!args.amountText) return ctx.reply(usage(ctx))
    // An @username or mention names an exclusive packet's one member; a reply only offers
    // that person as the exclusive option on the card.
    const named = await resolveRecipient(ctx, services, args, false)
    if (named.kind === 'username') return ctx.reply(ctx.t('user-unknown', { username: `@${esc(named.username)}` }))
    const target = named.kind === 'user' ? named.user : null
    const replied = target ? undefined : personWhoSentReply(ctx)
    const replyUser = replied && replied.id !== ctx.from!.id ? await ensureUserWallet(ctx.core, services.users, replied, false) : null

    let enteredCount = 1
    let greeting = args.memo
    if (!target) {
      const [countText = '', ...rest] = (args.memo ?? '').split(/\s+/)
      if (!COUNT.test(countText)) return ctx.reply(usage(ctx))
      enteredCount = Number(countText)
      greeting = rest.join(' ')
    }
    const view = await ctx.core.redPackets.prepare({
      senderUserId: ctx.wallet.id,
      kind: target ? 'exclusive' : 'lucky',
      // The packet limits (with their own message) are checked on the total, for every kind.
      enteredMinor: parseAmount(args.amountText, { currency: config.currency, maxMinor: config.maxPaymentMinor }),
      enteredCount,
      greeting,
      targetUserId: target?.id ?? null,
      replyUserId: replyUser?.id ?? null,
      chatType: ctx.chat.type === 'private' ? null : ctx.chat.type,
    })
    const { text, keyboard } = await card(ctx, view, target ?? replyUser)
    await ctx.reply(text, { reply_markup: keyboard, reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } })
  })

  const card = async (ctx: BotContext, view: RedPacketView, offered: Pick<WalletUser, 'username' | 'firstName'> | null) => {
    const inPrivate = ctx.chat?.type === 'private'
    const needsPassword = inPrivate && (await passwordNeeded(ctx, view))
    return renderCard(ctx.t.bind(ctx), localeOf(ctx), view, offered ? personLabel(offered) : null, inPrivate, needsPassword)
  }
  /** Whether sending this draft from inline mode, where no password can be typed, would need one. */
  const passwordNeeded = (ctx: BotContext, view: RedPacketView) =>
    ctx.core.security.assertPayableWithoutPassword(ctx.wallet.id, view.totalMinor, entryTargets.packet(view.token, view.version)).then(
      () => false,
      (error) => (isDomainError(error, 'PASSWORD_REQUIRED') ? true : Promise.reject(error)),
    )
  const usage = (ctx: BotContext) => {
    const locale = localeOf(ctx)
    return ctx.t('rp-usage', {
      max: money(limits.maxTotalMinor, limits.currency, locale),
      shares: limits.maxShares,
      min: money(limits.minShareMinor, limits.currency, locale),
      greeting: limits.maxGreetingLength,
    })
  }
  const offeredTarget = async (ctx: BotContext, view: RedPacketView) => (view.replyUserId ? ctx.core.users.get(view.replyUserId) : null)

  router.onButton(buttons.packetKind, async (ctx, { kind, token }) => {
    const view = await ctx.core.redPackets.changeKind(token, ctx.wallet.id, kind)
    const { text, keyboard } = await card(ctx, view, await offeredTarget(ctx, view))
    await editQuietly(ctx, text, keyboard)
    await ctx.answerCallbackQuery()
  })

  router.onButton(buttons.cancelPacket, async (ctx, token) => {
    const view = await ctx.core.redPackets.cancel(token, ctx.wallet.id)
    if (view.status !== 'cancelled') return ctx.answerCallbackQuery(ctx.personal('button-invalid'))
    await editQuietly(ctx, ctx.t('rp-cancelled'))
    await ctx.answerCallbackQuery(ctx.personal('rp-cancelled'))
  })

  router.onButton(buttons.sendPacket, async (ctx, { token, version }) => {
    const message = ctx.callbackQuery.message
    const placement = { chatType: ctx.chat?.type ?? null, chatId: message ? BigInt(message.chat.id) : null, messageId: message?.message_id ?? null, locale: localeOf(ctx) }
    let view: RedPacketView
    try {
      view = await ctx.core.redPackets.send({ token, actorUserId: ctx.wallet.id, version, placement })
    } catch (error) {
      if (!isDomainError(error, 'PASSWORD_REQUIRED')) throw error
      return askPassword(ctx, token, version)
    }
    await ctx.answerCallbackQuery(ctx.personal('rp-sent', { total: money(view.totalMinor, view.currency, localeFor(ctx.wallet)) }))
    const { text, keyboard } = renderLive(ctx.t.bind(ctx), localeOf(ctx), view)
    await editQuietly(ctx, text, keyboard)
  })

  /** The sender's password for this draft version, on the keypad (the draft's card shows again if it ends unpaid). */
  async function askPassword(ctx: BotContext, token: string, version: number) {
    const draft = await ctx.core.redPackets.get(token)
    if (draft.senderUserId !== ctx.wallet.id) throw new DomainError('NOT_YOUR_BUTTON')
    const { text, keyboard } = await card(ctx, draft, await offeredTarget(ctx, draft))
    await services.passwords.ask(ctx, {
      purpose: 'send_packet',
      target: entryTargets.packet(token, version),
      summary: ctx.personal('rp-password', { total: money(draft.totalMinor, draft.currency, localeFor(ctx.wallet)) }),
      card: { text, keyboard },
    })
  }

  // A private draft above the free amounts: the password first, then Send to a chat.
  router.onButton(buttons.packetPassword, (ctx, { token, version }) => askPassword(ctx, token, version))

  // The password was given. Asked from a group card: the packet goes out there, and stays live.
  // Asked from a private card: the card comes back, ready to be sent to a chat (inline mode
  // then finds the password given for this draft version).
  services.passwords.onVerified('send_packet', async (ctx, entry, origin) => {
    const [, token = '', version = ''] = entry.target!.split(':')
    if (!origin.chatId) {
      const draft = await ctx.core.redPackets.get(token)
      const { text, keyboard } = await card(ctx, draft, await offeredTarget(ctx, draft))
      await editQuietly(ctx, `${text}\n\n${ctx.t('rp-password-given')}`, keyboard)
      await ctx.answerCallbackQuery()
      return
    }
    const placement = { chatType: origin.chatType ?? null, chatId: BigInt(origin.chatId), messageId: origin.messageId ?? null, locale: origin.locale }
    const view = await ctx.core.redPackets.send({ token, actorUserId: ctx.wallet.id, version: Number(version), placement })
    const total = money(view.totalMinor, view.currency, localeFor(ctx.wallet))
    await ctx.answerCallbackQuery(ctx.personal('rp-sent', { total }))
    await editQuietly(ctx, ctx.t('rp-sent', { total }))
    messages.refresh(view)
  })

  router.onButton(buttons.grabPacket, async (ctx, token) => {
    // A refusal (all gone, expired) changes nothing on the message: the last grab already
    // asked for the final state, and the expiry job refreshes it after the refund.
    const result = await ctx.core.redPackets.grab(token, ctx.wallet.id)
    const amount = money(result.amountMinor, result.packet.currency, localeFor(ctx.wallet))
    if (result.alreadyGrabbed) return ctx.answerCallbackQuery({ text: ctx.personal('rp-already-grabbed', { amount }) })
    const started = ctx.wallet.startedAt !== null
    await ctx.answerCallbackQuery({
      text: started ? ctx.personal('rp-you-got', { amount }) : ctx.personal('rp-you-got-open-bot', { amount, bot: ctx.me.username }),
      show_alert: !started,
    })
    messages.refresh(result.packet)
  })

  // Inline mode: `hb <total> <count> [greeting]`, or `hb #<token>` from a private card's button.
  router.inlineQuery(/^hb(?:\s+(.*))?$/i, async (ctx) => {
    const query = (ctx.match[1] ?? '').trim()
    const locale = localeOf(ctx)
    let views: RedPacketView[]
    try {
      if (query.startsWith('#')) {
        const view = await ctx.core.redPackets.get(query.slice(1))
        if (view.senderUserId !== ctx.wallet.id || view.status !== 'draft') throw new DomainError('PACKET_NOT_FOUND')
        await ctx.core.security.assertPayableWithoutPassword(ctx.wallet.id, view.totalMinor, entryTargets.packet(view.token, view.version))
        views = [view]
      } else {
        const [amountText = '', countText = '', ...rest] = query.split(/\s+/)
        if (!amountText || !COUNT.test(countText)) {
          return ctx.answerInlineQuery([], { cache_time: 0, is_personal: true, button: { text: ctx.t('rp-inline-usage'), start_parameter: 'help' } })
        }
        const common = {
          senderUserId: ctx.wallet.id,
          enteredMinor: parseAmount(amountText, { currency: config.currency, maxMinor: config.maxPaymentMinor }),
          enteredCount: Number(countText),
          greeting: rest.join(' '),
          chatType: ctx.inlineQuery.chat_type ?? null,
        }
        // No password can be typed in inline mode: what needs one is refused here, with why.
        views = [await ctx.core.redPackets.prepare({ ...common, kind: 'lucky' })]
        await ctx.core.security.assertPayableWithoutPassword(ctx.wallet.id, views[0]!.totalMinor)
        // The normal variant only when it fits the limits too (it multiplies the total).
        const normal = await ctx.core.redPackets.prepare({ ...common, kind: 'normal' }).catch(() => undefined)
        const normalPayable = normal && (await ctx.core.security.assertPayableWithoutPassword(ctx.wallet.id, normal.totalMinor).then(() => true, () => false))
        if (normal && normalPayable) views.push(normal)
      }
    } catch (error) {
      if (!isDomainError(error)) throw error
      return ctx.answerInlineQuery([], { cache_time: 0, is_personal: true, button: { text: domainErrorText(ctx, error), start_parameter: 'help' } })
    }
    const results: InlineQueryResultArticle[] = views.map((view) => {
      const live = renderLive(ctx.t.bind(ctx), locale, { ...view, status: 'open' })
      return {
        type: 'article',
        id: inlinePacketResult.pack({ token: view.token, version: view.version }),
        title: ctx.t('rp-inline-title', { total: money(view.totalMinor, view.currency, locale), count: view.shareCount }),
        description: ctx.t('rp-inline-description', { kind: view.kind === 'normal' ? ctx.t('rp-kind-normal', { each: money(view.enteredMinor, view.currency, locale) }) : ctx.t('rp-kind-lucky') }),
        input_message_content: { message_text: live.text, parse_mode: 'HTML' },
        reply_markup: live.keyboard,
      }
    })
    await ctx.answerInlineQuery(results, { cache_time: 0, is_personal: true })
  })

  // The sender placed the packet: now the money moves (if it still can).
  router.on('chosen_inline_result', async (ctx, next) => {
    const chosen = inlinePacketResult.unpack(ctx.chosenInlineResult.result_id)
    if (!chosen) return next()
    const inlineMessageId = ctx.chosenInlineResult.inline_message_id
    if (!inlineMessageId) return
    try {
      const view = await ctx.core.redPackets.send({
        token: chosen.token,
        actorUserId: ctx.wallet.id,
        version: chosen.version,
        placement: { chatType: null, inlineMessageId, locale: localeOf(ctx) },
      })
      messages.refresh(view)
    } catch (error) {
      if (!isDomainError(error)) throw error
      // The placed message is read by the whole chat: the reason there carries nothing private;
      // the sender hears the whole of it in private.
      await ctx.api.editMessageTextInline(inlineMessageId, ctx.t('rp-inline-failed', { reason: domainErrorText(ctx, error, 'others') }))
      await services.notifier.send(ctx.wallet, ctx.t('rp-inline-failed-sender', { reason: domainErrorText(ctx, error, 'self') }))
    }
  })
}

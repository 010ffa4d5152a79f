import cron from 'node-cron'
import { expireClaims } from '../core/payments/claims.js'
import { expireRedPackets } from '../core/redpacket/packets.js'
import { forgetProcessedUpdates } from '../core/updates/processed-updates.js'
import { getUser } from '../core/wallet/users.js'
import type { BotServices } from './context.js'
import { localeFor } from './i18n.js'
import { money } from './render.js'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Returns expired claim links to their senders and tells them. Safe to run twice at once:
 * the core closes each claim in the same unit of work as its refund, so only one run sees it.
 */
export async function runClaimExpiry(services: BotServices): Promise<number> {
  const expired = await expireClaims(services.db)
  for (const { claim, returnedMinor } of expired) {
    const sender = await getUser(services.db, claim.senderUserId)
    await services.notifier.send(
      sender,
      services.notifier.text(sender, 'claim-expired-notice', { amount: money(returnedMinor, claim.currency, localeFor(sender)) }),
    )
  }
  return expired.length
}

/**
 * Returns what nobody grabbed from red packets past their 24 hours, once each (the core
 * closes a packet with its refund), updates their messages and tells the senders.
 */
export async function runRedPacketExpiry(services: BotServices): Promise<number> {
  const expired = await expireRedPackets(services.db)
  for (const { view, refundedMinor } of expired) {
    services.redPackets.messages.refresh(view)
    const sender = await getUser(services.db, view.senderUserId)
    await services.notifier.send(
      sender,
      services.notifier.text(sender, 'rp-expired-notice', {
        grabbed: view.grabs.length,
        count: view.shareCount,
        refund: money(refundedMinor, view.currency, localeFor(sender)),
      }),
    )
  }
  return expired.length
}

/** Every minute, and once right away: a bot that was down catches up at start. */
export function startJobs(services: BotServices): { stop(): void } {
  const tick = async () => {
    try {
      const claims = await runClaimExpiry(services)
      const packets = await runRedPacketExpiry(services)
      if (claims || packets) services.log.info({ claims, packets }, 'expired and refunded')
    } catch (error) {
      services.log.error({ err: error }, 'expiry failed; will retry next minute')
    }
  }
  const tasks = [
    cron.schedule('* * * * *', tick),
    cron.schedule('17 4 * * *', () => void forgetProcessedUpdates(services.db, 7 * DAY_MS).catch((err) => services.log.error({ err }, 'cleanup failed'))),
  ]
  void tick()
  return { stop: () => tasks.forEach((task) => task.stop()) }
}

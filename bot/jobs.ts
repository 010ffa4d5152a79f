import cron from 'node-cron'
import { previousDay, reconcileForAdmins } from './bank/reconcile-run.js'
import type { BotServices } from './context.js'

const DAY_MS = 24 * 60 * 60 * 1000
/** A limit on every loop: at most this many batches per run; the rest waits for the next. */
const MAX_BATCHES = 50

/**
 * Runs `batch` until it returns fewer than a full batch (or MAX_BATCHES times), so one run
 * never holds the writer for long, whatever piled up while the bot was down.
 */
async function inBatches(batch: () => Promise<number>, full: number): Promise<number> {
  let done = 0
  for (let i = 0; i < MAX_BATCHES; i++) {
    const count = await batch()
    done += count
    if (count < full) break
  }
  return done
}

const EXPIRY_BATCH = 100

/**
 * Returns expired claim links to their senders. Safe to run twice at once: the core closes
 * each claim in the same unit of work as its refund (and its sender's notice, written to the
 * outbox), so only one run sees it.
 */
export function runClaimExpiry(services: BotServices): Promise<number> {
  return inBatches(async () => (await services.core.claims.expire(EXPIRY_BATCH)).length, EXPIRY_BATCH)
}

/**
 * Returns what nobody grabbed from red packets past their 24 hours, once each (the core
 * closes a packet with its refund and its sender's notice), and updates their messages.
 */
export function runRedPacketExpiry(services: BotServices): Promise<number> {
  return inBatches(async () => {
    const expired = await services.core.redPackets.expire(EXPIRY_BATCH)
    for (const { view } of expired) services.redPackets.messages.refresh(view)
    return expired.length
  }, EXPIRY_BATCH)
}

/** Password keypads left half-typed past their few minutes lose the digits typed on them. */
export function runPasswordEntryExpiry(services: BotServices): Promise<number> {
  return inBatches(() => services.core.passwords.expire(EXPIRY_BATCH * 5), EXPIRY_BATCH * 5)
}

/** Merchant orders nobody paid in time are marked expired (已过期). */
export function runOrderExpiry(services: BotServices): Promise<number> {
  return inBatches(() => services.core.merchants.expire(EXPIRY_BATCH), EXPIRY_BATCH)
}

/** Held payments nobody reviewed in time go back to their payers (each told through the outbox). */
export function runReviewExpiry(services: BotServices): Promise<number> {
  return inBatches(() => services.core.reviews.expire(EXPIRY_BATCH), EXPIRY_BATCH)
}

/**
 * Top-ups and withdrawals whose bank answer is unknown are asked about (or sent again, when
 * the bank never got them) as their backoff comes due; each settles once, told through the outbox.
 */
export function runBankResolution(services: BotServices): Promise<number> {
  if (!services.core.bankCards.available) return Promise.resolve(0)
  return inBatches(() => services.core.bankCards.resolvePending(EXPIRY_BATCH / 2), EXPIRY_BATCH / 2)
}

/** Top-ups and withdrawals never confirmed with the password are closed (nothing had moved). */
export function runBankOperationExpiry(services: BotServices): Promise<number> {
  return inBatches(() => services.core.bankCards.expire(EXPIRY_BATCH * 5), EXPIRY_BATCH * 5)
}

/** Yesterday's bank statement against the ledger, reported to the admins. */
export async function runReconciliation(services: BotServices): Promise<number> {
  if (!services.core.bankCards.available) return 0
  const report = await reconcileForAdmins(services.core, previousDay(services.core))
  return report.breaks.length
}

/** Delivers what the outbox holds that is due (notices, receipts), a batch at a time. */
export function runOutbox(services: BotServices): Promise<number> {
  return inBatches(() => services.outbox.deliverDue(), services.outbox.batchSize)
}

/** Delivers what shops' servers are owed (payment and refund notifications) that is due. */
export function runShopNotifications(services: BotServices): Promise<number> {
  return inBatches(() => services.shopNotifier.deliverDue(), services.shopNotifier.batchSize)
}

/** Forgets merchant API nonces whose requests could no longer be accepted anyway. */
export function runNoncePruning(services: BotServices): Promise<number> {
  return inBatches(() => services.core.merchantApi.pruneNonces(EXPIRY_BATCH * 10), EXPIRY_BATCH * 10)
}

/**
 * Pushes the monthly statements that are due (09:00 on the 1st in each person's zone): makes
 * their rows, then sends them a paced batch at a time. Safe to run twice at once or on two
 * instances: a row per (user, month), each taken by one sender under a lease.
 */
export async function runStatementDeliveries(services: BotServices): Promise<number> {
  await services.statements.schedule()
  return inBatches(() => services.statements.deliverRound(), services.statements.batchSize)
}

/**
 * Every minute (and once right away, so a bot that was down catches up): the expiries, each
 * on its own so that one failing never stops the other, and the monthly statements (one
 * run at a time: a month's take a while at Telegram's pace). Every second: the outbox, whose
 * messages fail and retry one by one, never holding up the money. All of it only on the
 * leader: of several instances on one database, the one holding the leader lock; when it
 * dies another takes the lock over at its next tick (within a second for the outbox, a
 * minute for the expiries). Each job is safe to run twice anyway; the lock keeps the work
 * (and Telegram's per-bot rate limit) from being split between instances.
 */
export function startJobs(services: BotServices): { stop(): void } {
  const { log } = services
  const leader = services.core.db.leadership('jobs')
  let leading = false
  const guarded = (name: string, job: () => Promise<number>) => async () => {
    try {
      const leads = await leader.check()
      if (leads !== leading) log.info({ leading: leads }, leads ? 'this instance now runs the jobs' : 'another instance runs the jobs')
      leading = leads
      if (!leads) return
      const done = await job()
      if (done) log.info({ job: name, done }, 'job done')
    } catch (error) {
      log.error({ err: error, job: name }, 'job failed; it runs again at its next tick')
    }
  }
  const expiries = [
    guarded('claim expiry', () => runClaimExpiry(services)),
    guarded('red packet expiry', () => runRedPacketExpiry(services)),
    guarded('password entry expiry', () => runPasswordEntryExpiry(services)),
    guarded('review expiry', () => runReviewExpiry(services)),
    guarded('order expiry', () => runOrderExpiry(services)),
    guarded('merchant API nonce pruning', () => runNoncePruning(services)),
    guarded('bank operation expiry', () => runBankOperationExpiry(services)),
  ]
  const tick = () => Promise.all(expiries.map((job) => job()))
  const outbox = guarded('outbox', () => runOutbox(services))
  const statements = guarded('monthly statements', () => runStatementDeliveries(services))
  let pushing: Promise<void> | undefined
  const pushStatements = () => {
    pushing ??= statements().finally(() => (pushing = undefined))
  }
  const shops = guarded('shop notifications', () => runShopNotifications(services))
  let delivering: Promise<void> | undefined
  let notifyingShops: Promise<void> | undefined
  const bank = guarded('bank operations', () => runBankResolution(services))
  let resolvingBank: Promise<void> | undefined
  const outboxTimer = setInterval(() => {
    // The bank's backoff starts at 10 s: a check each second finds an answer soon after it is due.
    resolvingBank ??= bank().finally(() => (resolvingBank = undefined))
    delivering ??= outbox().finally(() => (delivering = undefined))
    // Apart from the outbox: a shop's slow server (up to its timeout) never delays a receipt.
    notifyingShops ??= shops().finally(() => (notifyingShops = undefined))
  }, 1000)
  const tasks = [
    cron.schedule('* * * * *', tick),
    cron.schedule('* * * * *', pushStatements),
    cron.schedule('17 4 * * *', guarded('forget old update ids', () => services.core.forgetUpdates(7 * DAY_MS))),
    // The bank's statement of a day is complete a little after midnight in the wallet's zone.
    cron.schedule('30 2 * * *', guarded('reconciliation', () => runReconciliation(services)), { timezone: services.wallet.timeZone }),
  ]
  void tick()
  pushStatements()
  return {
    stop: () => {
      tasks.forEach((task) => task.stop())
      clearInterval(outboxTimer)
      void leader.release()
    },
  }
}

/**
 * Red packet grab-storm benchmark: crowds pressing 🧧 Open through the whole
 * bot (every middleware and feature as production builds it, on the engine DATABASE_URL names —
 * a SQLite file in the temp dir by default — and grammY's real client) against the in-process fake Bot API (direct mode).
 *
 * Scenarios, each on fresh groups and fresh grabbers (people who never used the bot, so every
 * press also opens a wallet — the worst case, a first red packet in a new group):
 *  - 1×300, 1×1000: one lucky packet of ¥200 in 100 shares and 300, then 1,000 users (two
 *    crowd sizes, to show that the number of edits does not follow the number of grabbers);
 *  - 10×100: "1,000 users grabbing ten packets at once", read as ten groups with one such
 *    packet each and the 1,000 users spread over them (user i presses packet i mod 10, so 100
 *    per packet): 1,000 presses, ten storms running side by side, every press a money move;
 *  - 10×1000: the other reading, each of the 1,000 users pressing in all ten groups (10,000
 *    presses, each user's ten fired back to back): a capacity figure more than a target.
 * "At once" means what it says: every press of a scenario is fired in one synchronous loop,
 * none awaited before the next (each press runs until the bot's first await, then the next
 * starts), so all of them are in flight together, as when a burst of updates arrives. Presses
 * go to the button as the user's client last saw it (pressRaw), as stale clients do.
 *
 * Per press two latencies, both from the moment the simulated user pressed:
 *  - answer: until the bot's answerCallbackQuery request reached the fake (a spy on the
 *    in-process fetch stamps it with hrtime) — the figure the user feels;
 *  - handled: until the fake's promise settled, i.e. bot.handleUpdate returned.
 * grabs/s counts successful grabs up to the answer of the packet's last share; presses/s counts
 * every press over the storm's whole wall time (first press to last handled).
 *
 * Live edits run at the production default (one per chat every 3 s, `liveEditIntervalMs`
 * unset) with the throttler on (production default; callback answers carry no chat_id so it
 * never holds them) and the fake enforcing Telegram's 20 messages per minute per group. After
 * a storm the bench does NOT flush: it waits for the edits the bot scheduled itself (until no
 * edit for an interval and a margin), counts the editMessageText calls for each packet's message
 * (ok / "not modified" / 429), and only then calls live.flush() and reports whether that sent
 * anything more (it should not: the scheduled edits already showed the final state).
 *
 * A script, not a test: the latency target is printed, not asserted. It fails (ok: false) only
 * on wrong results: share and answer counts, money answered ≠ money grabbed, final message,
 * a 429, an unhandled error, or the audit.
 */
import pino from 'pino'
import { audit } from '../../core/audit/auditor.js'
import { asBigintOrNull } from '../../core/db/port.js'
import { topUp } from '../../core/wallet/topup.js'
import { findUserByTelegramId } from '../../core/wallet/users.js'
import { createBot } from '../../bot/create-bot.js'
import { createI18n } from '../../bot/i18n.js'
import { FakeTelegram, type FakeChat, type FakeUser } from '../../bot/telegram-emulator/index.js'
import { TEST_TOKEN } from '../helpers/bot-harness.js'
import { ADMIN_TELEGRAM_ID, ENGINE, tempDatabase, testConfig, TEST_PEPPER, TEST_ENCRYPTION_KEYS } from '../helpers/db.js'
import { GcPauses, mb, ms, RssSampler, seconds, timed, type BenchResult } from './stats.js'

const USERS = Number(process.env.BENCH_RP_USERS ?? 1_000)
const SMALL_USERS = Number(process.env.BENCH_RP_SMALL_USERS ?? 300)
const GROUPS = Number(process.env.BENCH_RP_GROUPS ?? 10)
const SHARES = 100
const TOTAL = '200'
const TOTAL_MINOR = 20_000n
/** The production default (bot/create-bot.ts); stated here so the report can name it. */
const LIVE_EDIT_INTERVAL_MS = 3_000
/** Telegram's limit for a bot in one group, enforced by the fake. */
const FLOOD_PER_CHAT_PER_MINUTE = 20
/** Per user per second: the limiter stays in the stack but never refuses (a user presses ≤ 10 times). */
const RATE_LIMIT = { limit: 10_000, timeFrameMs: 1000 }
const TARGET_P99_NS = 1e9
const OPEN = '🧧 Open'
const words = createI18n()

/**
 * An English message as the fake shows it (no HTML) as a pattern, each `SLOT_<name>` it was
 * rendered with standing for `slots[name]`: read from the locale, so the bench follows the words.
 */
function wording(key: string, vars: Record<string, string | number>, slots: Record<string, string>): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  let source = escape(words.t('en', key, vars).replace(/<[^>]+>/g, ''))
  for (const [name, pattern] of Object.entries(slots)) source = source.replace(`SLOT_${name}`, pattern)
  return new RegExp(source)
}

/** A grabber's answer, with the share's yuan and fen: fresh grabbers are also told to open the bot. */
const WON = [
  wording('rp-you-got', { amount: 'SLOT_amount' }, { amount: '¥(\\d+)\\.(\\d\\d)' }),
  wording('rp-you-got-open-bot', { amount: 'SLOT_amount', bot: 'SLOT_bot' }, { amount: '¥(\\d+)\\.(\\d\\d)', bot: '\\w+' }),
]
const GONE = wording('error-PACKET_EMPTY', {}, {})
/** The live message once every share is taken. */
const FINISHED = wording('rp-live-finished', { sender: 'SLOT_sender', count: SHARES, total: 'SLOT_total', duration: 'SLOT_duration' }, { sender: '.+', total: '.+', duration: '.+' })

export async function runRedPacketBench(): Promise<BenchResult> {
  const rss = new RssSampler()
  const world = await timed('setup: whole stack, sender funded', startWorld)
  try {
    console.log(`red-packets: lucky packets of ¥${TOTAL} in ${SHARES} shares; every press of a scenario fired at once (none awaited)`)
    console.log(`  whole stack as production builds it: throttler ON, live edits every ${LIVE_EDIT_INTERVAL_MS / 1000} s per chat (default),`)
    console.log(`  rate limiter on but generous (${RATE_LIMIT.limit}/user/s), pino at warn (counted); fake enforces ${FLOOD_PER_CHAT_PER_MINUTE} msgs/min per group`)
    console.log(`  grabbers are fresh users (each press also opens their wallet); engine: ${ENGINE}`)

    await timed('warm-up, not reported: one packet, 150 fresh users, then a flush', () => warmUp(world))
    const results: Scenario[] = []
    const scenarios: Array<[string, string, number, number, boolean]> = [
      [`1×${SMALL_USERS}`, `1 group, 1 packet, ${SMALL_USERS} users`, 1, SMALL_USERS, false],
      [`1×${USERS}`, `1 group, 1 packet, ${USERS} users`, 1, USERS, false],
      [`${GROUPS}×${USERS / GROUPS}`, `${GROUPS} groups, ${GROUPS} packets, ${USERS} users, each pressing in one (${USERS / GROUPS} per packet)`, GROUPS, USERS, false],
      [`${GROUPS}×${USERS}`, `${GROUPS} groups, ${GROUPS} packets, ${USERS} users, each pressing in all ${GROUPS}`, GROUPS, USERS, true],
    ]
    for (const [label, title, groups, users, everywhere] of scenarios) {
      results.push(await timed(title, () => storm(world, label, groups, users, everywhere)))
      rss.sample()
    }

    const report = await audit(world.t.db)
    if (!report.ok) console.log(JSON.stringify(report.checks.filter((c) => !c.ok), null, 2))
    const errors = world.logged.filter((line) => line.level >= 50)

    printTable(results)
    const row = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`)
    row('warnings / errors logged by the bot', `${world.logged.length - errors.length} / ${errors.length}${errors.length ? ` (first: ${errors[0]!.msg})` : ''}`)
    row('peak RSS (sampled / maxRSS)', `${mb(rss.max)} / ${mb(process.resourceUsage().maxRSS * 1024)}`)
    row('audit of the database', report.ok ? `passed (${report.counts.transfers} transfers, ${report.counts.holds} holds)` : 'FAILED')
    for (const s of results) for (const problem of s.problems) console.log(`  WRONG ${s.label}: ${problem}`)
    return { ok: report.ok && errors.length === 0 && results.every((s) => s.problems.length === 0) }
  } finally {
    rss.stop()
    await world.dispose()
  }
}

// ---- the world -------------------------------------------------------------------------------

type World = Awaited<ReturnType<typeof startWorld>>

async function startWorld() {
  const fake = new FakeTelegram({ token: TEST_TOKEN, botUsername: 'lingqian_bench_bot', recordCalls: true, keepMessagesPerChat: 50 })
  fake.setFloodLimit({ perChatPerMinute: FLOOD_PER_CHAT_PER_MINUTE })
  const t = await tempDatabase()
  const config = testConfig()
  // The moment each callback answer left the bot, by callback query id.
  const answeredAt = new Map<string, bigint>()
  const spyFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (url.endsWith('/answerCallbackQuery') && typeof init?.body === 'string') {
      answeredAt.set(String((JSON.parse(init.body) as { callback_query_id: unknown }).callback_query_id), process.hrtime.bigint())
    }
    return fake.fetch(input, init)
  }) as typeof fetch
  const logged: Array<{ level: number; msg: string }> = []
  const log = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line) as { level: number; msg: string }) })
  try {
    const { bot, services } = createBot({
      token: TEST_TOKEN,
      passwordPepper: TEST_PEPPER,
      encryptionKeys: TEST_ENCRYPTION_KEYS,
      db: t.db,
      wallet: config,
      log,
      fetch: spyFetch,
      botInfo: fake.bot,
      rateLimit: RATE_LIMIT,
    })
    await bot.init()
    fake.deliverTo((update) => bot.handleUpdate(update))
    const sender = fake.user({ id: 600_000_001, firstName: 'Sender', username: 'rp_sender', languageCode: 'en' })
    await sender.startBot()
    const wallet = await findUserByTelegramId(t.db, BigInt(sender.id))
    if (!wallet) throw new Error('the sender has no wallet after /start')
    await topUp(t.db, config, { idempotencyKey: 'bench-rp-sender', adminTelegramId: ADMIN_TELEGRAM_ID, toUserId: wallet.id, amountMinor: 1_000_000n }) // ¥10,000: the 23 packets of ¥200 need ¥4,600
    let nextUserId = 610_000_000
    let nextGroup = 0
    return {
      fake,
      t,
      services,
      sender,
      answeredAt,
      logged,
      /** Fresh grabbers: never seen by the bot. */
      users(n: number): FakeUser[] {
        return Array.from({ length: n }, () => {
          const id = nextUserId++
          return fake.user({ id, firstName: `Grabber ${id}`, username: `grabber${id}`, languageCode: 'en' })
        })
      },
      group(members: FakeUser[]): FakeChat {
        return fake.group({ title: `Storm ${++nextGroup}`, members: [sender, ...members] })
      },
      async dispose() {
        // What a graceful shutdown does, then the fake and the database go.
        await services.redPackets.messages.live.flush()
        await fake.close()
        await t.dispose()
      },
    }
  } catch (error) {
    await fake.close()
    await t.dispose()
    throw error
  }
}

interface Packet {
  chat: FakeChat
  messageId: number
  token: string
}

/** `/redpacket 200 100 …` in the group, then Send on the card: the card becomes the packet. */
async function sendPacket(world: World, chat: FakeChat): Promise<Packet> {
  await world.sender.send(chat, `/redpacket ${TOTAL} ${SHARES} 恭喜发财`)
  const card = world.fake.lastBotMessage(chat)
  if (!card?.findButton(`🧧 Send ¥${TOTAL}.00`)) throw new Error(`no red packet card: ${card?.plainText ?? 'nothing'}`)
  const sent = await world.sender.press(chat, card, `🧧 Send ¥${TOTAL}.00`)
  if (!/^Sent:/.test(world.fake.callbackAnswer(sent)?.text ?? '')) throw new Error(`send refused: ${world.fake.callbackAnswer(sent)?.text}`)
  const data = world.fake.message(chat, card.id)?.findButton(OPEN)?.callback_data ?? ''
  const token = /^rp:g:(.+)$/.exec(data)?.[1]
  if (!token) throw new Error(`the packet has no Open button: ${world.fake.message(chat, card.id)?.plainText}`)
  return { chat, messageId: card.id, token }
}

/** The same path once, so the first reported storm does not pay for the JIT warming up. */
async function warmUp(world: World): Promise<void> {
  const users = world.users(150)
  const packet = await sendPacket(world, world.group(users))
  await Promise.all(users.map((user) => user.pressRaw(packet.chat, packet.messageId, `rp:g:${packet.token}`)))
  await world.services.redPackets.messages.live.flush()
}

// ---- one storm -------------------------------------------------------------------------------

interface Press {
  user: FakeUser
  packet: number
  startedNs: bigint
  handledNs: bigint
  queryId: string
}

interface PacketOutcome {
  grabs: number
  edits: { ok: number; notModified: number; flood: number; other: number }
  /** LiveEdits' own count (an edit refused as "not modified" counts as sent there). */
  liveSent: number
  finalText: string
}

interface Scenario {
  label: string
  packets: number
  presses: number
  wallNs: bigint
  /** From the first press to the answer of the last share taken, over all packets. */
  grabsWallNs: bigint
  won: number
  gone: number
  answerNs: Float64Array
  handledNs: Float64Array
  outcomes: PacketOutcome[]
  settleNs: bigint
  flushSent: number
  commits: { batches: number; units: number }
  /** Process CPU time during the storm (user + system, GC threads included). */
  cpuUs: number
  /** Main-thread garbage-collection pauses during the storm. */
  gc: { totalMs: number; count: number }
  problems: string[]
}

/**
 * `userCount` fresh users in `groups` fresh groups (everyone in every group), one packet per
 * group, then every press fired at once: user i presses Open in all groups if `everywhere`,
 * else in group i mod `groups` only.
 */
async function storm(world: World, label: string, groups: number, userCount: number, everywhere: boolean): Promise<Scenario> {
  if (userCount < SHARES * (everywhere ? 1 : groups)) throw new Error(`${label}: too few users to empty every packet (BENCH_RP_* settings)`)
  const { fake, services, answeredAt } = world
  const users = world.users(userCount)
  const chats = Array.from({ length: groups }, () => world.group(users))
  const packets = await Promise.all(chats.map((chat) => sendPacket(world, chat)))
  const live = services.redPackets.messages.live
  const sentBefore = packets.map((p) => live.sent.get(p.token) ?? 0)
  const callsBefore = fake.calls.length
  const writer = { ...services.core.db.stats }
  const cpu = process.cpuUsage()
  const gcPauses = new GcPauses()

  // The storm: all presses fired in one loop, none awaited before the next.
  const presses: Press[] = []
  const pending: Array<Promise<void>> = []
  const started = process.hrtime.bigint()
  for (const [i, user] of users.entries()) {
    for (const k of everywhere ? packets.keys() : [i % groups]) {
      const packet = packets[k]!
      const press: Press = { user, packet: k, startedNs: process.hrtime.bigint(), handledNs: 0n, queryId: '' }
      presses.push(press)
      pending.push(
        user.pressRaw(packet.chat, packet.messageId, `rp:g:${packet.token}`).then((id) => {
          press.handledNs = process.hrtime.bigint()
          press.queryId = id
        }),
      )
    }
  }
  await Promise.all(pending)
  const wallNs = process.hrtime.bigint() - started
  const { user: cpuUser, system: cpuSystem } = process.cpuUsage(cpu)
  const gc = gcPauses.stop()
  const commits = { batches: services.core.db.stats.batches - writer.batches, units: services.core.db.stats.units - writer.units }

  // Answers: every press must have exactly one, either a share or "all gone".
  const problems: string[] = []
  const answerNs = new Float64Array(presses.length)
  const handledNs = new Float64Array(presses.length)
  const wonMinor = packets.map(() => 0n)
  const won = packets.map(() => 0)
  let gone = 0
  let lastGrabNs = started
  presses.forEach((press, i) => {
    handledNs[i] = Number(press.handledNs - press.startedNs)
    const at = answeredAt.get(press.queryId)
    const text = fake.callbackAnswer(press.queryId)?.text ?? ''
    if (at === undefined || !text) problems.push(`press ${i} (query ${press.queryId}) got no answer`)
    answerNs[i] = Number((at ?? press.handledNs) - press.startedNs)
    const share = WON.map((won) => won.exec(text)).find((match) => match !== null)
    if (share) {
      won[press.packet]! += 1
      wonMinor[press.packet]! += BigInt(share[1]!) * 100n + BigInt(share[2]!)
      if (at !== undefined && at > lastGrabNs) lastGrabNs = at
    } else if (GONE.test(text)) gone += 1
    else problems.push(`press ${i}: unexpected answer "${text}"`)
  })

  // Live edits: wait for the ones the bot scheduled itself (no flush), then count.
  const settleStarted = process.hrtime.bigint()
  await settleEdits(fake, packets, callsBefore)
  const settleNs = process.hrtime.bigint() - settleStarted
  const editCalls = fake.calls.slice(callsBefore).filter((c) => c.method === 'editMessageText')
  const outcomes = await Promise.all(
    packets.map(async (packet, k): Promise<PacketOutcome> => {
      const mine = editCalls.filter((c) => Number(c.payload.chat_id) === packet.chat.id && Number(c.payload.message_id) === packet.messageId)
      const edits = { ok: 0, notModified: 0, flood: 0, other: 0 }
      for (const call of mine) {
        if (!call.error) edits.ok++
        else if (call.error.code === 429) edits.flood++
        else if (/not modified/.test(call.error.description)) edits.notModified++
        else edits.other++
      }
      const grabs = await services.core.db.read((tx) =>
        tx.get<{ n: unknown; total: unknown; people: unknown }>(
          'SELECT COUNT(*) AS n, SUM(amount_minor) AS total, COUNT(DISTINCT grabber_user_id) AS people FROM red_packet_shares WHERE packet_id = (SELECT id FROM red_packets WHERE token = ?) AND grabber_user_id IS NOT NULL',
          packet.token,
        ),
      )
      const name = `packet ${k + 1}`
      if (Number(grabs?.n) !== SHARES || Number(grabs?.people) !== SHARES) problems.push(`${name}: ${grabs?.n} shares taken by ${grabs?.people} people, not ${SHARES}`)
      // SUM of a bigint column is numeric on PostgreSQL (a string here), an integer on SQLite.
      if (asBigintOrNull(grabs?.total) !== TOTAL_MINOR) problems.push(`${name}: shares taken sum to ${grabs?.total}, not ${TOTAL_MINOR}`)
      if (won[k] !== SHARES) problems.push(`${name}: ${won[k]} "You got" answers, not ${SHARES}`)
      if (wonMinor[k] !== TOTAL_MINOR) problems.push(`${name}: answers promised ${wonMinor[k]} fen, not ${TOTAL_MINOR}`)
      if (edits.flood + edits.other > 0) problems.push(`${name}: ${edits.flood} edits refused with 429, ${edits.other} failed otherwise`)
      const finalText = fake.message(packet.chat, packet.messageId)?.plainText ?? ''
      if (!FINISHED.test(finalText)) problems.push(`${name}: final message is "${finalText.split('\n')[0]}"`)
      if (fake.message(packet.chat, packet.messageId)?.findButton(OPEN)) problems.push(`${name}: the finished packet still has its Open button`)
      return { grabs: Number(grabs?.n), edits, liveSent: (live.sent.get(packet.token) ?? 0) - sentBefore[k]!, finalText }
    }),
  )
  // Only now the shutdown-style flush: anything it sends was not sent by the bot on its own.
  const beforeFlush = packets.reduce((n, p) => n + (live.sent.get(p.token) ?? 0), 0)
  await live.flush()
  const flushSent = packets.reduce((n, p) => n + (live.sent.get(p.token) ?? 0), 0) - beforeFlush
  const expectedGone = presses.length - SHARES * packets.length
  if (gone !== expectedGone) problems.push(`${gone} "all gone" answers, not ${expectedGone}`)

  return {
    label,
    packets: packets.length,
    presses: presses.length,
    wallNs,
    grabsWallNs: lastGrabNs - started,
    won: won.reduce((a, b) => a + b, 0),
    gone,
    answerNs,
    handledNs,
    outcomes,
    settleNs,
    flushSent,
    commits,
    cpuUs: cpuUser + cpuSystem,
    gc,
    problems,
  }
}

/**
 * Waits until the bot has sent the edits it scheduled: every packet's message shows its final
 * state, and no edit of them for a whole interval plus a margin (the throttler may hold one for
 * up to a second), so nothing is left pending. Gives up after 30 s.
 */
async function settleEdits(fake: FakeTelegram, packets: Packet[], callsFrom: number): Promise<void> {
  const quietMs = LIVE_EDIT_INTERVAL_MS + 1_500
  const deadline = Date.now() + 30_000
  let seen = fake.calls.length
  let quietSince = Date.now()
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    if (fake.calls.length !== seen) {
      const fresh = fake.calls.slice(Math.max(seen, callsFrom)).some((c) => c.method === 'editMessageText')
      seen = fake.calls.length
      if (fresh) quietSince = Date.now()
    }
    const final = packets.every((p) => FINISHED.test(fake.message(p.chat, p.messageId)?.plainText ?? ''))
    if ((final && Date.now() - quietSince >= quietMs) || Date.now() > deadline) return
  }
}

// ---- the report ------------------------------------------------------------------------------

function percentiles(values: Float64Array) {
  const sorted = Float64Array.from(values).sort()
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 }
}

function printTable(results: Scenario[]): void {
  const columns = results.map((s) => s.label)
  const width = 21
  const line = (label: string, cells: string[]) => console.log(`  ${label.padEnd(44)}${cells.map((c) => c.padStart(width)).join('')}`)
  const perSecond = (n: number, ns: bigint) => (n / (Number(ns) / 1e9)).toFixed(0)
  const lat = (s: Scenario, which: 'answerNs' | 'handledNs') => percentiles(s[which])
  const fmt = (ns: number) => (ns >= 1e9 ? `${(ns / 1e9).toFixed(2)} s` : ms(ns))
  const edits = (s: Scenario) => s.outcomes.map((o) => o.edits.ok + o.edits.notModified + o.edits.flood + o.edits.other)
  console.log('\nred-packets results')
  console.log('  scenario = packets × grabbers per packet; answer = press → answerCallbackQuery sent, handled = press → update handled')
  line('scenario', columns)
  line('presses (all fired at once)', results.map((s) => String(s.presses)))
  line('storm wall time (first press → last handled)', results.map((s) => seconds(s.wallNs)))
  line('presses handled per second', results.map((s) => perSecond(s.presses, s.wallNs)))
  line(`successful grabs (want ${SHARES} per packet)`, results.map((s) => `${s.won} (${Math.min(...s.outcomes.map((o) => o.grabs))}–${Math.max(...s.outcomes.map((o) => o.grabs))}/pkt)`))
  line('successful grabs per second (to last share)', results.map((s) => perSecond(s.won, s.grabsWallNs)))
  line('"all gone" answers', results.map((s) => String(s.gone)))
  line('answer latency p50', results.map((s) => fmt(lat(s, 'answerNs').p50)))
  line('answer latency p99  (target ≤ 1 s)', results.map((s) => `${lat(s, 'answerNs').p99 <= TARGET_P99_NS ? 'met' : 'MISSED'} ${fmt(lat(s, 'answerNs').p99)}`))
  line('answer latency max', results.map((s) => fmt(lat(s, 'answerNs').max)))
  line('handled latency p50 / p99', results.map((s) => `${fmt(lat(s, 'handledNs').p50)} / ${fmt(lat(s, 'handledNs').p99)}`))
  line('CPU time during the storm (% of wall)', results.map((s) => `${(s.cpuUs / 1e6).toFixed(1)} s (${((s.cpuUs * 1e3) / Number(s.wallNs) * 100).toFixed(0)}%)`))
  line('GC pauses during the storm (% of wall)', results.map((s) => `${s.gc.count}: ${(s.gc.totalMs / 1e3).toFixed(2)} s (${((s.gc.totalMs * 1e6) / Number(s.wallNs) * 100).toFixed(0)}%)`))
  line('group commits during the storm (units each)', results.map((s) => `${s.commits.batches} (${(s.commits.units / Math.max(1, s.commits.batches)).toFixed(1)})`))
  line('edit calls per packet (max / mean)', results.map((s) => `${Math.max(...edits(s))} / ${(edits(s).reduce((a, b) => a + b, 0) / s.packets).toFixed(1)}`))
  line('  of which ok / "not modified" / 429', results.map((s) => sumEdits(s)))
  line('  bound: 2 + ceil(storm s / 3 s)', results.map((s) => String(2 + Math.ceil(Number(s.wallNs) / 1e9 / (LIVE_EDIT_INTERVAL_MS / 1000)))))
  line('  LiveEdits.sent per packet (max)', results.map((s) => String(Math.max(...s.outcomes.map((o) => o.liveSent)))))
  line('edits sent by the closing flush', results.map((s) => String(s.flushSent)))
  line('wait for the last scheduled edit', results.map((s) => seconds(s.settleNs)))
  line(`final message "all ${SHARES} taken"`, results.map((s) => `${s.outcomes.filter((o) => FINISHED.test(o.finalText)).length}/${s.packets}`))
  line('checks', results.map((s) => (s.problems.length === 0 ? 'ok' : `${s.problems.length} WRONG`)))
}

function sumEdits(s: Scenario): string {
  const total = { ok: 0, notModified: 0, flood: 0 }
  for (const o of s.outcomes) {
    total.ok += o.edits.ok
    total.notModified += o.edits.notModified
    total.flood += o.edits.flood
  }
  return `${total.ok} / ${total.notModified} / ${total.flood}`
}

import { asBigint, asNumber } from '../db/port.js'
import type { Database } from '../db/database.js'
import { packetByToken, type PacketRecord } from './packet-store.js'

/** A finished packet as far as a press can tell: its row and who got how much. */
export interface FinishedPacket {
  packet: PacketRecord
  grabs: ReadonlyMap<number, bigint>
}

/** Finished packets kept at most; the oldest is forgotten first (a press then asks the database). */
const CAPACITY = 1_000

/**
 * What this process knows of packets whose last share is gone, so that the crowd pressing a
 * packet after its last share (nine presses in ten of a storm) is answered without a unit of
 * work. Safe because `finished` is final: only the grab that takes the last share sets it,
 * in the same unit, and nothing changes a finished packet or its shares afterwards (expiry
 * and refunds concern open packets only). So whatever the database would answer a later
 * press — "you got ¥x" again, "not for you", "all gone" — follows from the rows read once
 * after the finish committed. Every grab that moves money still goes through the database.
 */
export class FinishedPackets {
  readonly #known = new Map<string, Promise<FinishedPacket | undefined>>()

  constructor(private readonly db: Database) {}

  /** The packet if this process has learnt it finished; never a database call. */
  get(token: string): Promise<FinishedPacket | undefined> | undefined {
    return this.#known.get(token)
  }

  /**
   * Reads a packet the database has just called finished (this process's last grab, or a
   * refusal because another instance's was). One read per packet, shared by every press
   * that asks while it runs.
   */
  learn(token: string): void {
    if (this.#known.has(token)) return
    if (this.#known.size >= CAPACITY) this.#known.delete(this.#known.keys().next().value!)
    const reading = readFinished(this.db, token).catch(() => undefined)
    this.#known.set(token, reading)
    void reading.then((finished) => {
      if (!finished) this.#known.delete(token) // not finished after all (or unreadable): ask the database next time
    })
  }
}

async function readFinished(db: Database, token: string): Promise<FinishedPacket | undefined> {
  return db.read(async (tx) => {
    const packet = await packetByToken(tx, token)
    if (packet.status !== 'finished') return undefined
    const rows = await tx.all<{ grabber_user_id: unknown; amount_minor: unknown }>(
      'SELECT grabber_user_id, amount_minor FROM red_packet_shares WHERE packet_id = ? AND grabber_user_id IS NOT NULL',
      packet.id,
    )
    return { packet, grabs: new Map(rows.map((row) => [asNumber(row.grabber_user_id), asBigint(row.amount_minor)])) }
  })
}

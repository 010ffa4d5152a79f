import type { Tx } from '../db/port.js'

const LIMIT = 10

/**
 * The hold status each owner status implies. A claim or packet that says it is done while
 * its hold is still open is money stranded in escrow: no job would ever release it.
 */
const CLAIM_HOLD = `CASE c.status WHEN 'open' THEN 'open' WHEN 'claimed' THEN 'settled' WHEN 'cancelled' THEN 'returned' WHEN 'expired' THEN 'expired' END`
const PACKET_HOLD = `CASE r.status WHEN 'open' THEN 'open' WHEN 'finished' THEN 'settled' WHEN 'expired' THEN 'expired' END`

/** Claims and red packets against their holds, and holds that nobody owns. */
export async function holdOwners(tx: Tx): Promise<string[]> {
  const claims = await tx.all<{ id: bigint; status: string; hold_status: string; amount_minor: bigint; hold_amount: bigint }>(
    `SELECT c.id, c.status, h.status AS hold_status, c.amount_minor, h.amount_minor AS hold_amount
     FROM claims c JOIN holds h ON h.id = c.hold_id
     WHERE h.status <> ${CLAIM_HOLD} OR h.amount_minor <> c.amount_minor OR h.kind <> 'claim'
     LIMIT ${LIMIT}`,
  )
  const packets = await tx.all<{ id: bigint; status: string; hold_status: string | null; total_minor: bigint; hold_amount: bigint | null }>(
    `SELECT r.id, r.status, h.status AS hold_status, r.total_minor, h.amount_minor AS hold_amount
     FROM red_packets r LEFT JOIN holds h ON h.id = r.hold_id
     WHERE (r.status IN ('draft', 'cancelled') AND r.hold_id IS NOT NULL)
        OR (r.status NOT IN ('draft', 'cancelled')
            AND (h.id IS NULL OR h.status <> ${PACKET_HOLD} OR h.amount_minor <> r.total_minor OR h.kind <> 'red_packet'))
     LIMIT ${LIMIT}`,
  )
  const orphans = await tx.all<{ id: bigint; kind: string; status: string }>(
    `SELECT h.id, h.kind, h.status FROM holds h
     WHERE (h.kind = 'claim' AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.hold_id = h.id))
        OR (h.kind = 'red_packet' AND NOT EXISTS (SELECT 1 FROM red_packets r WHERE r.hold_id = h.id))
     LIMIT ${LIMIT}`,
  )
  return [
    ...claims.map((c) => `claim ${c.id} is ${c.status} (amount ${c.amount_minor}) but its hold is ${c.hold_status} (amount ${c.hold_amount})`),
    ...packets.map((r) => `red packet ${r.id} is ${r.status} (total ${r.total_minor}) but its hold is ${r.hold_status ?? 'missing'} (amount ${r.hold_amount ?? '-'})`),
    ...orphans.map((h) => `hold ${h.id} (${h.kind}, ${h.status}) belongs to no ${h.kind === 'claim' ? 'claim' : 'red packet'}`),
  ]
}

/** Payment cards and inline offers: a confirmed card moved its money once, a pending one none. */
export async function postedOwners(tx: Tx): Promise<string[]> {
  const cards = await tx.all<{ id: bigint; status: string; amount_minor: bigint; posted: bigint | null; claimed: bigint | null; posting_id: bigint | null; claim_id: bigint | null }>(
    `SELECT pc.id, pc.status, pc.amount_minor, pc.posting_id, pc.claim_id,
            (SELECT SUM(t.amount_minor) FROM transfers t WHERE t.posting_id = pc.posting_id) AS posted,
            (SELECT c.amount_minor FROM claims c WHERE c.id = pc.claim_id) AS claimed
     FROM payment_cards pc
     WHERE (pc.status = 'confirmed' AND NOT (
              (pc.posting_id IS NOT NULL AND pc.claim_id IS NULL
                 AND (SELECT SUM(t.amount_minor) FROM transfers t WHERE t.posting_id = pc.posting_id) = pc.amount_minor)
           OR (pc.claim_id IS NOT NULL AND pc.posting_id IS NULL
                 AND (SELECT c.amount_minor FROM claims c WHERE c.id = pc.claim_id) = pc.amount_minor)))
        OR (pc.status <> 'confirmed' AND (pc.posting_id IS NOT NULL OR pc.claim_id IS NOT NULL))
     LIMIT ${LIMIT}`,
  )
  const offers = await tx.all<{ id: bigint; status: string; amount_minor: bigint; posted: bigint | null }>(
    `SELECT o.id, o.status, o.amount_minor,
            (SELECT SUM(t.amount_minor) FROM transfers t WHERE t.posting_id = o.posting_id) AS posted
     FROM inline_offers o
     WHERE (o.status = 'received' AND (o.receiver_user_id IS NULL
              OR (SELECT SUM(t.amount_minor) FROM transfers t WHERE t.posting_id = o.posting_id) IS DISTINCT FROM o.amount_minor))
        OR (o.status <> 'received' AND o.posting_id IS NOT NULL)
     LIMIT ${LIMIT}`,
  )
  return [
    ...cards.map((c) => `payment card ${c.id} is ${c.status} (amount ${c.amount_minor}) but posted ${c.posted ?? 'nothing'} and claim ${c.claimed ?? 'none'}`),
    ...offers.map((o) => `inline offer ${o.id} is ${o.status} (amount ${o.amount_minor}) but posted ${o.posted ?? 'nothing'}`),
  ]
}

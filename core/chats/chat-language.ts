import type { Database } from '../db/database.js'

/** The languages that decide a group's own: its setting, or what its known members use. */
export interface GroupLanguages {
  /** What one of the group's admins chose; null until someone does. */
  chosen: string | null
  /** The language settings of the group's most recently seen members (at most MEMBERS). */
  members: Array<{ locale: string | null; languageCode: string | null }>
}

const MEMBERS = 200

/**
 * Records that a wallet user acted in a group (once per pair; later calls change nothing).
 * True if they were not a known member before. Not durable: a note lost in a crash is
 * written again the next time they act, and meanwhile only weighs one vote less.
 */
export function noteGroupMember(db: Database, chatId: bigint, userId: number): Promise<boolean> {
  return db.write(
    async (tx) => {
      await tx.run('INSERT INTO chats (id, locale, updated_at) VALUES (?, NULL, ?) ON CONFLICT (id) DO NOTHING', chatId, tx.now)
      const added = await tx.run('INSERT INTO chat_members (chat_id, user_id, seen_at) VALUES (?, ?, ?) ON CONFLICT (chat_id, user_id) DO NOTHING', chatId, userId, tx.now)
      return added === 1
    },
    { durable: false },
  )
}

export async function setGroupLocale(db: Database, chatId: bigint, locale: string): Promise<void> {
  await db.write((tx) =>
    tx.run(
      'INSERT INTO chats (id, locale, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET locale = excluded.locale, updated_at = excluded.updated_at',
      chatId,
      locale,
      tx.now,
    ),
  )
}

export function groupLanguages(db: Database, chatId: bigint): Promise<GroupLanguages> {
  return db.read(async (tx) => {
    const chat = await tx.get<{ locale: string | null }>('SELECT locale FROM chats WHERE id = ?', chatId)
    const members = await tx.all<{ locale: string | null; language_code: string | null }>(
      `SELECT u.locale, u.language_code FROM chat_members m JOIN users u ON u.id = m.user_id
       WHERE m.chat_id = ? ORDER BY m.seen_at DESC LIMIT ?`,
      chatId,
      MEMBERS,
    )
    return { chosen: chat?.locale ?? null, members: members.map((m) => ({ locale: m.locale, languageCode: m.language_code })) }
  })
}

/**
 * The one entry to the wallet: its modules built from their dependencies (the database, the
 * wallet's rules), so each edge — the Telegram bot today, an HTTP API next — calls modules
 * rather than reaching into files, and never handles the database itself.
 */
import type { BankGateway } from './bank/gateway.js'
import { cardIndexKey } from './bank/card-number.js'
import type { Database } from './db/database.js'
import { watchedDatabase, type PostingWatch } from './db/posting-watch.js'
import { Modules } from './modules.js'
import { FinishedPackets } from './redpacket/finished-packets.js'
import { defaultRedPacketLimits, type RedPacketLimits } from './redpacket/limits.js'
import { FieldCipher } from './security/field-cipher.js'
import { OpenIds } from './merchant-api/openid.js'
import { loadPlatformKey, type PlatformKey } from './merchant-api/platform-key.js'
import { PasswordHasher } from './security/password.js'
import { ProcessedUpdates } from './updates/processed-updates.js'
import type { WalletConfig } from './wallet/config.js'

export interface CoreDeps {
  db: Database
  wallet: WalletConfig
  /** Default: WeChat's limits in the wallet's currency. */
  redPacketLimits?: RedPacketLimits
  /** The server-side secret payment passwords are hashed with (PASSWORD_PEPPER). */
  passwordPepper: Uint8Array
  /** ENCRYPTION_KEY, and older keys still needed to open what they sealed. */
  encryptionKeys: { current: Uint8Array; previous?: readonly Uint8Array[] }
  /** The bank (its gateway) cards are bound with; none: bank features are unavailable. */
  bank?: BankGateway
  /** Told about a background write of handled-update ids that failed (it is retried). */
  onUpdateLogError?: (error: unknown) => void
}

export function createCore(deps: CoreDeps): Core {
  let platformKey: Promise<PlatformKey> | undefined
  const on = {
    db: deps.db,
    wallet: deps.wallet,
    limits: deps.redPacketLimits ?? defaultRedPacketLimits(deps.wallet.currency),
    finishedPackets: new FinishedPackets(deps.db),
    passwords: new PasswordHasher(deps.passwordPepper),
    cipher: new FieldCipher(deps.encryptionKeys.current, deps.encryptionKeys.previous),
    openids: new OpenIds(deps.passwordPepper),
    bank: deps.bank,
    cardIndexKey: cardIndexKey(deps.passwordPepper),
    platformKey: () => (platformKey ??= loadPlatformKey(deps.db, on.cipher).catch((error: unknown) => {
      platformKey = undefined // a failed load (the database busy at start) is tried again on the next request
      throw error
    })),
  }
  return new Core(on, new ProcessedUpdates(deps.db, deps.onUpdateLogError))
}

/** The modules on the process's database, and per-request sets of them. */
export class Core extends Modules {
  /**
   * The same modules, counting into `watch` the postings their units of work commit: an
   * edge handling one request (a Telegram update) learns whether money moved before a
   * failure, and words its answer truthfully. Built per request: one small object.
   */
  watching(watch: PostingWatch): CoreModules {
    return new Modules({ ...this.on, db: watchedDatabase(this.on.db, watch) }, this.updates)
  }
}

/** What one request's handlers call. */
export type CoreModules = Modules

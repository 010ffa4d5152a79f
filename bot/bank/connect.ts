import { randomBytes } from 'node:crypto'
import path from 'node:path'
import type { BankGateway, SmsSender } from '../../core/bank/gateway.js'
import { sqlitePathFromUrl } from '../../core/db/sqlite/connection.js'
import type { BankSetting } from '../config.js'
import { startSandbox } from '../sandbox-bank/start.js'
import { HttpBankGateway } from './http-gateway.js'

export interface ConnectedBank {
  /** None: bank cards are unavailable. */
  gateway?: BankGateway
  /** The sandbox bank's address, when this process runs it. */
  sandboxUrl?: string
  stop(): Promise<void>
}

/** The sandbox bank's books, beside the wallet's database. */
export const SANDBOX_STORE_FILE = 'sandbox-bank.db'

/**
 * The bank of BANK_URL. The sandbox runs in this process on the loopback, with its books in
 * `sandbox-bank.db` beside the wallet's database (a bank's own store: it knows card numbers,
 * as a bank does; the wallet's database never holds one in clear), under an API key made
 * for this run. Its SMS go through `sms`.
 */
export async function connectBank(setting: BankSetting, options: { databaseUrl: string; timeZone: string; sms: SmsSender }): Promise<ConnectedBank> {
  if (setting.kind === 'none') return { stop: async () => {} }
  if (setting.kind === 'http') return { gateway: new HttpBankGateway(setting.url, setting.apiKey, setting.timeoutMs), stop: async () => {} }
  const storeFile = path.join(path.dirname(sqlitePathFromUrl(options.databaseUrl)), SANDBOX_STORE_FILE)
  const apiKey = randomBytes(24).toString('base64url')
  const sandbox = await startSandbox({ storeFile, port: setting.port, latencyMs: setting.latencyMs, sms: options.sms, timeZone: options.timeZone, apiKey })
  return { gateway: new HttpBankGateway(sandbox.url, apiKey, setting.timeoutMs), sandboxUrl: sandbox.url, stop: () => sandbox.stop() }
}

import type { AddressInfo } from 'node:net'
import type { SmsSender } from '../../core/bank/gateway.js'
import { sandboxBankServer, type SandboxBankOptions } from './server.js'
import { SandboxStore } from './store.js'

export interface RunningSandbox {
  /** Where it listens: http://127.0.0.1:<port>. */
  url: string
  stop(): Promise<void>
}

/**
 * The sandbox bank listening on this machine's loopback only (port 0: any free one), with its
 * books in `storeFile` (its own SQLite file; `:memory:` forgets them at stop).
 */
export async function startSandbox(options: Omit<SandboxBankOptions, 'store' | 'sms'> & { storeFile: string; port: number; sms: SmsSender }): Promise<RunningSandbox> {
  const store = new SandboxStore(options.storeFile)
  const server = sandboxBankServer({ ...options, store })
  await new Promise<void>((listening, failed) => {
    server.once('error', failed)
    server.listen(options.port, '127.0.0.1', listening)
  })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((closed) => server.close(() => closed()))
      store.close()
    },
  }
}

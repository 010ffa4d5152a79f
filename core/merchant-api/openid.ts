import { createHmac, hkdfSync } from 'node:crypto'

/**
 * The payer as one merchant sees them (`payer.openid`): a pseudonym made from the wallet id
 * with a key derived from the server's pepper, the same for every payment to that merchant
 * and unrelated across merchants — never the Telegram id or username.
 */
export class OpenIds {
  readonly #key: Buffer

  constructor(pepper: Uint8Array) {
    this.#key = Buffer.from(hkdfSync('sha256', pepper, Buffer.alloc(0), 'lingqian merchant openid', 32))
  }

  of(merchantId: number, userId: number): string {
    return `o${createHmac('sha256', this.#key).update(`${merchantId}:${userId}`).digest('base64url').slice(0, 27)}`
  }
}

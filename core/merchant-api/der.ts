/*
 * Just enough DER (ASN.1) to write one self-signed X.509 certificate: the platform
 * certificate clients in certificate mode fetch from `GET /v3/certificates`. Node can read
 * certificates (X509Certificate) but not make them, and one certificate is not worth a
 * dependency.
 */

const TAG = { integer: 0x02, bitString: 0x03, null: 0x05, oid: 0x06, utf8: 0x0c, sequence: 0x30, set: 0x31, utcTime: 0x17, explicit0: 0xa0 } as const

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const bytes: number[] = []
  for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

function node(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts)
  return Buffer.concat([Buffer.from([tag]), length(body.length), body])
}

export const der = {
  sequence: (...parts: Buffer[]) => node(TAG.sequence, ...parts),
  set: (...parts: Buffer[]) => node(TAG.set, ...parts),
  explicit0: (...parts: Buffer[]) => node(TAG.explicit0, ...parts),
  null: () => node(TAG.null),
  /** A non-negative integer given as big-endian bytes (a leading zero is added when the top bit is set). */
  integer: (bytes: Buffer) => node(TAG.integer, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes),
  bitString: (bytes: Buffer) => node(TAG.bitString, Buffer.from([0]), bytes),
  utf8: (text: string) => node(TAG.utf8, Buffer.from(text, 'utf8')),
  /** UTCTime, YYMMDDHHMMSSZ: valid for years 1950–2049. */
  utcTime: (at: Date) => node(TAG.utcTime, Buffer.from(at.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z')),
  oid: (dotted: string) => {
    const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number)
    const bytes = [40 * first + second]
    for (const arc of rest) {
      const base128 = [arc & 0x7f]
      for (let value = arc >> 7; value > 0; value >>= 7) base128.unshift(0x80 | (value & 0x7f))
      bytes.push(...base128)
    }
    return node(TAG.oid, Buffer.from(bytes))
  },
}

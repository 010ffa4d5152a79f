import { sign, type KeyObject } from 'node:crypto'
import { der } from './der.js'

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11'
const COMMON_NAME = '2.5.4.3'

/**
 * A self-signed X.509 v3 certificate (PEM) for `publicKey`, signed with `privateKey`
 * (RSA-SHA256), named `commonName`, valid from `notBefore` for `validYears`. `serial` is
 * big-endian bytes with the top bit clear, so no client sees it with a `00` in front.
 */
export function selfSignedCertificate(request: { publicKey: KeyObject; privateKey: KeyObject; serial: Buffer; commonName: string; notBefore: Date; validYears: number }): string {
  const algorithm = der.sequence(der.oid(SHA256_WITH_RSA), der.null())
  const name = der.sequence(der.set(der.sequence(der.oid(COMMON_NAME), der.utf8(request.commonName))))
  const notAfter = new Date(request.notBefore)
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + request.validYears)
  const tbs = der.sequence(
    der.explicit0(der.integer(Buffer.from([2]))),
    der.integer(request.serial),
    algorithm,
    name,
    der.sequence(der.utcTime(request.notBefore), der.utcTime(notAfter)),
    name,
    request.publicKey.export({ type: 'spki', format: 'der' }),
  )
  const certificate = der.sequence(tbs, algorithm, der.bitString(sign('sha256', tbs, request.privateKey)))
  const lines = certificate.toString('base64').match(/.{1,64}/g)!.join('\n')
  return `-----BEGIN CERTIFICATE-----\n${lines}\n-----END CERTIFICATE-----\n`
}

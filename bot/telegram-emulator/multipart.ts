// A small multipart/form-data parser. We do not use Request#formData():
// grammY writes part headers as `content-disposition:form-data;name="x"`
// (no spaces) and file names unquoted, which some undici versions reject,
// and the fake must accept exactly what grammY sends.

export interface UploadedFile {
  /** Name of the form part (grammY uses a random id referenced as attach://id). */
  readonly part: string
  readonly filename: string | undefined
  readonly contentType: string | undefined
  readonly bytes: Uint8Array
}

export interface MultipartBody {
  readonly fields: Record<string, string>
  readonly files: Map<string, UploadedFile>
}

export class MultipartError extends Error {}

export function boundaryOf(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  return match?.[1] ?? match?.[2]
}

export function parseMultipart(body: Uint8Array, boundary: string): MultipartBody {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  const delimiter = Buffer.from(`--${boundary}`)
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`)
  const fields: Record<string, string> = {}
  const files = new Map<string, UploadedFile>()

  let pos = buf.indexOf(delimiter)
  if (pos < 0) throw new MultipartError('no opening boundary')
  pos += delimiter.length
  while (buf.toString('latin1', pos, pos + 2) !== '--') {
    if (buf[pos] === 13 && buf[pos + 1] === 10) pos += 2
    const end = buf.indexOf(nextDelimiter, pos)
    if (end < 0) throw new MultipartError('unterminated part')
    const part = buf.subarray(pos, end)
    const split = part.indexOf('\r\n\r\n')
    if (split < 0) throw new MultipartError('part without header separator')
    const headers = parseHeaders(part.subarray(0, split).toString('utf8'))
    const content = part.subarray(split + 4)
    const disposition = headers.get('content-disposition') ?? ''
    const name = /(?:^|;)\s*name="([^"]*)"/i.exec(disposition)?.[1]
    if (name === undefined) throw new MultipartError('part without name')
    const filename = /;\s*filename=(?:"([^"]*)"|([^;]*))/i.exec(disposition)
    if (filename) {
      files.set(name, {
        part: name,
        filename: (filename[1] ?? filename[2] ?? '').trim() || undefined,
        contentType: headers.get('content-type'),
        // Copy: the request buffer may be reused by the caller.
        bytes: new Uint8Array(content),
      })
    } else {
      fields[name] = content.toString('utf8')
    }
    pos = end + nextDelimiter.length
  }
  return { fields, files }
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>()
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return headers
}

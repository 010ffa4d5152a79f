import type { Api } from 'grammy'

export interface FileSource {
  token: string
  /** The Bot API server (TELEGRAM_API_ROOT); Telegram's own when unset. */
  apiRoot?: string
  /** What grammY fetches with (the fake Bot API's, in tests). */
  fetch?: typeof fetch
}

const DOWNLOAD_TIMEOUT_MS = 20_000

/**
 * Downloads a file a user sent (getFile, then `<apiRoot>/file/bot<token>/<file_path>`), at
 * most `maxBytes`: the size Telegram states is checked first, and the body is read only up
 * to the cap, whatever the server says. The URL holds the bot's token: it never goes into
 * an error or a log line.
 */
export type FileDownload = (fileId: string, maxBytes: number) => Promise<Uint8Array | 'too_large'>

export function fileDownloader(api: Api, source: FileSource): FileDownload {
  const root = source.apiRoot ?? 'https://api.telegram.org'
  const fetchFile = source.fetch ?? fetch
  return async (fileId: string, maxBytes: number): Promise<Uint8Array | 'too_large'> => {
    const file = await api.getFile(fileId)
    if (!file.file_path) throw new Error('Telegram gave no file_path for the file')
    if ((file.file_size ?? 0) > maxBytes) return 'too_large'
    const response = await fetchFile(`${root}/file/bot${source.token}/${file.file_path}`, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) })
    if (!response.ok || !response.body) throw new Error(`the file download failed with HTTP ${response.status}`)
    const chunks: Uint8Array[] = []
    let received = 0
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      received += chunk.byteLength
      if (received > maxBytes) return 'too_large'
      chunks.push(chunk)
    }
    return Buffer.concat(chunks)
  }
}

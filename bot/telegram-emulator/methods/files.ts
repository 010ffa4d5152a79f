// getFile and the file downloads behind it: what a bot reads of the photos and documents
// users send. Like Telegram, a bot may only download files up to 20 MB.

import { badRequest } from '../errors.js'
import type { Method } from './context.js'

const BOT_DOWNLOAD_LIMIT = 20 * 1024 * 1024

export const getFile: Method = (p, { state }) => {
  const fileId = typeof p.file_id === 'string' ? p.file_id : ''
  const bytes = state.files.get(fileId)
  if (!bytes) throw badRequest('invalid file_id')
  if (bytes.byteLength > BOT_DOWNLOAD_LIMIT) throw badRequest('file is too big')
  return { file_id: fileId, file_unique_id: `AQADfile${fileId}`, file_size: bytes.byteLength, file_path: `files/${fileId}` }
}

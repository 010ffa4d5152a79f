// The QR decoder's worker thread: zxing-wasm's reader over an image file's bytes (PNG or JPEG,
// decoded inside the WASM module). Plain JavaScript so that the thread starts the same under
// tsx, vitest and a build. The WASM comes from the package itself: zxing-wasm would fetch it
// from a CDN by default, and production machines need not reach one.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { parentPort } from 'node:worker_threads'
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader'

const require = createRequire(import.meta.url)
const wasm = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'))
prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) }, fireImmediately: true })

parentPort.on('message', async ({ id, bytes }) => {
  try {
    const results = await readBarcodes(bytes, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 8 })
    parentPort.postMessage({ id, texts: results.filter((result) => result.isValid).map((result) => result.text) })
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) })
  }
})

import { Worker } from 'node:worker_threads'
import { imageSize } from './image-size.js'

export interface DecoderLimits {
  /** Largest image file decoded, in bytes. */
  maxBytes: number
  /** Largest image decoded, in pixels (width × height, read from the header first). */
  maxPixels: number
  /** How long one image may take; past it the worker is stopped and replaced. */
  timeoutMs: number
  /** Images waiting at most; more are turned away as busy rather than queued without end. */
  maxWaiting: number
}

export const DEFAULT_DECODER_LIMITS: DecoderLimits = { maxBytes: 10 * 1024 * 1024, maxPixels: 40_000_000, timeoutMs: 5_000, maxWaiting: 50 }

export type DecodeOutcome =
  | { kind: 'codes'; texts: string[] }
  | { kind: 'none' }
  | { kind: 'too_large' }
  | { kind: 'not_an_image' }
  | { kind: 'busy' }
  | { kind: 'timeout' }
  | { kind: 'failed' }

interface Job {
  bytes: Uint8Array
  resolve: (outcome: DecodeOutcome) => void
}

/**
 * Reads the QR codes in a photo off the main thread: one worker (zxing-wasm) decodes one
 * image at a time, so the event loop that answers everyone else never waits on pixels and
 * memory stays bounded by one image. Every image is checked before it reaches the worker:
 * its size in bytes, and its pixel size from the header (a decompression bomb is refused
 * unread). A decode that runs past its time stops the worker; the next image starts a new one.
 */
export class QrDecoder {
  #worker: Worker | undefined
  #waiting: Job[] = []
  #running = false
  #nextId = 0

  constructor(readonly limits: DecoderLimits = DEFAULT_DECODER_LIMITS) {}

  decode(bytes: Uint8Array): Promise<DecodeOutcome> {
    if (bytes.byteLength > this.limits.maxBytes) return Promise.resolve({ kind: 'too_large' })
    const size = imageSize(bytes)
    if (!size) return Promise.resolve({ kind: 'not_an_image' })
    if (size.width * size.height > this.limits.maxPixels) return Promise.resolve({ kind: 'too_large' })
    if (this.#waiting.length >= this.limits.maxWaiting) return Promise.resolve({ kind: 'busy' })
    return new Promise((resolve) => {
      this.#waiting.push({ bytes, resolve })
      void this.#drain()
    })
  }

  /** Stops the worker (images still waiting are answered as failed). */
  async close(): Promise<void> {
    for (const job of this.#waiting.splice(0)) job.resolve({ kind: 'failed' })
    await this.#worker?.terminate()
    this.#worker = undefined
  }

  async #drain(): Promise<void> {
    if (this.#running) return
    this.#running = true
    try {
      for (let job = this.#waiting.shift(); job; job = this.#waiting.shift()) job.resolve(await this.#run(job.bytes))
    } finally {
      this.#running = false
    }
  }

  #run(bytes: Uint8Array): Promise<DecodeOutcome> {
    const worker = (this.#worker ??= this.#start())
    const id = this.#nextId++
    return new Promise((resolve) => {
      const done = (outcome: DecodeOutcome) => {
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('error', onError)
        resolve(outcome)
      }
      const onMessage = (message: { id: number; texts?: string[]; error?: string }) => {
        if (message.id !== id) return
        if (message.texts) done(message.texts.length ? { kind: 'codes', texts: message.texts } : { kind: 'none' })
        else done({ kind: 'failed' })
      }
      const onError = () => {
        this.#worker = undefined
        done({ kind: 'failed' })
      }
      const timer = setTimeout(() => {
        this.#worker = undefined
        void worker.terminate()
        done({ kind: 'timeout' })
      }, this.limits.timeoutMs)
      worker.on('message', onMessage)
      worker.on('error', onError)
      // A copy: the caller keeps its buffer.
      worker.postMessage({ id, bytes: new Uint8Array(bytes) })
    })
  }

  #start(): Worker {
    const worker = new Worker(new URL('./qr-worker.mjs', import.meta.url))
    // An idle decoder must not keep the process alive.
    worker.unref()
    return worker
  }
}

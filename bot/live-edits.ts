/**
 * Coalesces edits of live messages (a red packet being grabbed) so that a storm of grabs
 * cannot break Telegram's per-chat limits: at most one edit per chat every `intervalMs`, and
 * the edit renders the state at the moment it is sent, so the last edit always shows the
 * final state. A grab never waits for an edit; the grabber hears their amount at once.
 */
export class LiveEdits {
  readonly #chats = new Map<string, ChatQueue>()
  /** Edits that changed a message, per message key: what the benchmark reports. */
  readonly sent = new Map<string, number>()

  constructor(
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /**
   * Asks for `message` in `chat` to be re-rendered and edited soon. Repeated requests for the
   * same message before its edit goes out are one edit.
   */
  request(chat: string, message: string, edit: () => Promise<boolean>): void {
    let queue = this.#chats.get(chat)
    if (!queue) {
      queue = { lastEditAt: 0, pending: new Map(), timer: undefined, running: undefined }
      this.#chats.set(chat, queue)
    }
    queue.pending.set(message, edit)
    this.#arm(chat, queue)
  }

  /** Sends every pending edit now, respecting nothing: for shutdown and tests. */
  async flush(): Promise<void> {
    for (const queue of this.#chats.values()) {
      if (queue.timer) clearTimeout(queue.timer)
      queue.timer = undefined
      await queue.running
      while (queue.pending.size > 0) await this.#editNext(queue)
    }
  }

  #arm(chat: string, queue: ChatQueue): void {
    if (queue.timer || queue.running || queue.pending.size === 0) return
    const wait = Math.max(0, queue.lastEditAt + this.intervalMs - Date.now())
    queue.timer = setTimeout(() => {
      queue.timer = undefined
      queue.running = this.#editNext(queue).finally(() => {
        queue.running = undefined
        if (queue.pending.size > 0) this.#arm(chat, queue)
        else this.#forgetWhenIdle(chat, queue)
      })
    }, wait)
  }

  /** A chat quiet for a whole interval needs no memory of its last edit. */
  #forgetWhenIdle(chat: string, queue: ChatQueue): void {
    setTimeout(() => {
      const idle = queue.pending.size === 0 && !queue.timer && !queue.running && Date.now() - queue.lastEditAt >= this.intervalMs
      if (idle && this.#chats.get(chat) === queue) this.#chats.delete(chat)
    }, this.intervalMs).unref()
  }

  async #editNext(queue: ChatQueue): Promise<void> {
    const next = queue.pending.entries().next().value
    if (!next) return
    const [message, edit] = next
    queue.pending.delete(message)
    queue.lastEditAt = Date.now()
    try {
      if (await edit()) this.sent.set(message, (this.sent.get(message) ?? 0) + 1)
    } catch (error) {
      this.onError(error)
    }
  }
}

interface ChatQueue {
  lastEditAt: number
  /** Each edit resolves to whether the message changed ("message is not modified" is false). */
  pending: Map<string, () => Promise<boolean>>
  timer: ReturnType<typeof setTimeout> | undefined
  running: Promise<void> | undefined
}

import { Composer, type CommandContext, type Middleware, type MiddlewareFn } from 'grammy'
import type { ButtonKind } from './callback-data.js'
import type { BotContext } from './context.js'

type ButtonContext = BotContext & { callbackQuery: { data: string } }

/**
 * One router for every feature: a command goes straight to its handlers by name, a press to
 * its button kind's handlers by the callback data's prefix, and only the rest (inline
 * queries, chosen results) walks the plain composer chain. A chain of `bot.command` and
 * `bot.callbackQuery` filters instead tests every update against every registration, and
 * each test builds middleware of its own: a press on 🧧 walked eleven of them.
 *
 * Commands match as grammY's `command()` does: a bot_command entity at offset 0, optionally
 * `@<this bot>` (case-insensitive), and `ctx.match` is the rest of the text.
 */
export class Router extends Composer<BotContext> {
  readonly #commands = new Map<string, Composer<BotContext>>()
  readonly #buttons = new Map<string, Composer<BotContext>>()

  /** Handlers for `/name` (each name, in the order registered); `next` goes on past the router. */
  onCommand(names: string | string[], ...middleware: Array<Middleware<CommandContext<BotContext>>>): void {
    for (const name of typeof names === 'string' ? [names] : names) {
      const route = this.#commands.get(name) ?? new Composer<BotContext>()
      this.#commands.set(name, route)
      route.use(...(middleware as Array<Middleware<BotContext>>))
    }
  }

  /**
   * A handler for presses of one kind of button, with the data unpacked. Data of this kind's
   * prefix that does not unpack (altered, truncated) falls through, to the "no longer valid"
   * answer every unknown press gets.
   */
  onButton<T>(button: ButtonKind<T>, handler: (ctx: ButtonContext, value: T) => unknown): void {
    const route = this.#buttons.get(button.prefix) ?? new Composer<BotContext>()
    this.#buttons.set(button.prefix, route)
    route.use(async (ctx, next) => {
      const value = button.unpack(ctx.callbackQuery!.data!)
      if (value === undefined) return next()
      await handler(ctx as ButtonContext, value)
    })
  }

  override middleware(): MiddlewareFn<BotContext> {
    return (ctx, next) => {
      const route = this.#commandRoute(ctx) ?? this.#buttonRoute(ctx)
      return (route ?? super.middleware())(ctx, next)
    }
  }

  #commandRoute(ctx: BotContext): MiddlewareFn<BotContext> | undefined {
    const msg = ctx.message ?? ctx.channelPost
    const entity = msg?.entities?.[0]
    if (!msg?.text || entity?.type !== 'bot_command' || entity.offset !== 0) return undefined
    const written = msg.text.substring(1, entity.length)
    const at = written.indexOf('@')
    if (at !== -1 && written.substring(at + 1).toLowerCase() !== ctx.me.username.toLowerCase()) return undefined
    const route = this.#commands.get(at === -1 ? written : written.substring(0, at))
    if (!route) return undefined
    ctx.match = msg.text.substring(written.length + 1).trimStart()
    return route.middleware()
  }

  /** Prefixes are one or two parts (`bil`, `pay:ok`): the longer is looked up first. */
  #buttonRoute(ctx: BotContext): MiddlewareFn<BotContext> | undefined {
    const data = ctx.callbackQuery?.data
    if (!data) return undefined
    const first = data.indexOf(':')
    if (first === -1) return undefined
    const second = data.indexOf(':', first + 1)
    return (second === -1 ? undefined : this.#buttons.get(data.substring(0, second)))?.middleware() ?? this.#buttons.get(data.substring(0, first))?.middleware()
  }
}

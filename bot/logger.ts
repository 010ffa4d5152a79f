import pino, { type Logger } from 'pino'

/** Structured JSON logs on stdout; every update's lines carry its updateId. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'lingqian' } })
}

import { AsyncLocalStorage } from 'node:async_hooks'

/** How many postings the units of work started inside a watch have committed. */
export interface PostingWatch {
  postings: number
}

const watches = new AsyncLocalStorage<PostingWatch>()

/**
 * Runs `fn` while counting the postings its units of work commit, however deep they are
 * started. An edge that meets a failure needs this to tell the truth: after money moved it
 * must not say "nothing changed", before it may.
 */
export function watchPostings<T>(watch: PostingWatch, fn: () => Promise<T>): Promise<T> {
  return watches.run(watch, fn)
}

/** The watch of whoever is calling now, if any. */
export const currentWatch = (): PostingWatch | undefined => watches.getStore()

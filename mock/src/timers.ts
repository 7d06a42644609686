/** One-shot timers that are all cancelled at once, so a closed mock device leaves none behind. */
export class Timers {
  readonly #pending = new Set<NodeJS.Timeout>();
  #stopped = false;

  /** Runs `task` after `ms`, unless `stop()` comes first; after `stop()` it does nothing. */
  after(ms: number, task: () => void): void {
    if (this.#stopped) return;
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      task();
    }, ms);
    this.#pending.add(timer);
  }

  /** Cancels every pending timer and refuses new ones. */
  stop(): void {
    this.#stopped = true;
    for (const timer of this.#pending) clearTimeout(timer);
    this.#pending.clear();
  }
}

/**
 * Writes frames to a byte stream the way awkward devices do, per the device's `chunking` setting:
 * each frame in `pieces` writes `delayMs` apart, or `together` frames in one write (a frame waits at
 * most HOLD_MS for the others). Every timer is tracked so closing the socket clears them.
 */
import type { Wire } from '../session.js';
import type { ChunkSetting } from '../types.js';

/** Longest a frame waits for the frames it is to be written together with. */
export const HOLD_MS = 50;

/** The raw write of one chunk; resolves false when the socket is gone. */
export type WriteChunk = (bytes: Uint8Array) => Promise<boolean>;

export class ChunkedWire implements Wire {
  readonly #write: WriteChunk;
  readonly #setting: () => ChunkSetting;
  readonly #isOpen: () => boolean;
  readonly #timers = new Set<NodeJS.Timeout>();
  #held: { bytes: Uint8Array; done: (ok: boolean) => void }[] = [];
  #holdTimer: NodeJS.Timeout | undefined;

  constructor(write: WriteChunk, isOpen: () => boolean, setting: () => ChunkSetting) {
    this.#write = write;
    this.#isOpen = isOpen;
    this.#setting = setting;
  }

  get open(): boolean {
    return this.#isOpen();
  }

  write(bytes: Uint8Array): Promise<boolean> {
    const { pieces = 1, delayMs = 0, together = 1 } = this.#setting();
    if (together > 1) return this.#hold(bytes, together);
    if (pieces <= 1 || bytes.length <= 1) return this.#write(bytes);
    return this.#inPieces(bytes, Math.min(pieces, bytes.length), delayMs);
  }

  /** Clears every pending timer; held frames are reported as not written. */
  stop(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    for (const held of this.#held.splice(0)) held.done(false);
  }

  async #inPieces(bytes: Uint8Array, pieces: number, delayMs: number): Promise<boolean> {
    const size = Math.ceil(bytes.length / pieces);
    for (let start = 0; start < bytes.length; start += size) {
      if (start > 0 && delayMs > 0) await this.#sleep(delayMs);
      if (!this.open || !(await this.#write(bytes.subarray(start, start + size)))) return false;
    }
    return true;
  }

  #hold(bytes: Uint8Array, together: number): Promise<boolean> {
    return new Promise((resolve) => {
      this.#held.push({ bytes, done: resolve });
      if (this.#held.length >= together) this.#release();
      else this.#holdTimer ??= setTimeout(() => this.#release(), HOLD_MS);
    });
  }

  #release(): void {
    clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    const held = this.#held.splice(0);
    const joined = Buffer.concat(held.map((item) => item.bytes));
    void this.#write(joined).then((ok) => {
      for (const item of held) item.done(ok);
    });
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }
}

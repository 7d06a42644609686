/** The scripted faults of a mock device that apply to answers: late answers and dropped answers. */
import type { DropSetting } from './types.js';

/** What to do with the next answer. */
export type AnswerPlan = { readonly drop: true } | { readonly drop: false; readonly delayMs: number };

/** Delay and drop settings, shared by every connection of a device. */
export class Faults {
  #delayMs = 0;
  /** Answers still to drop; Infinity for `'all'`. */
  #drops = 0;

  /** @throws RangeError for a negative or non-finite delay. */
  setDelay(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`delay must be a finite number ≥ 0, got ${ms}`);
    this.#delayMs = ms;
  }

  /** @throws RangeError for a negative or fractional count. */
  setDrop(setting: DropSetting): void {
    if (setting === 'all') this.#drops = Number.POSITIVE_INFINITY;
    else if (setting === 'none') this.#drops = 0;
    else if (Number.isInteger(setting) && setting >= 0) this.#drops = setting;
    else throw new RangeError(`drop takes a whole number ≥ 0, 'all' or 'none', got ${setting}`);
  }

  /** Decides the fate of one answer, consuming a drop if one is pending. */
  next(): AnswerPlan {
    if (this.#drops > 0) {
      this.#drops -= 1;
      return { drop: true };
    }
    return { drop: false, delayMs: this.#delayMs };
  }
}

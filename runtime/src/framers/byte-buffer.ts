/**
 * The bytes a framer holds: one growable array, appended at the end and consumed at the front, so a
 * frame that arrives in a thousand chunks is copied O(n) times in total, not O(n²). Bounded: the owner
 * checks `length` against its cap after each append.
 */
export class ByteBuffer {
  #bytes = new Uint8Array(256);
  #start = 0;
  #end = 0;

  get length(): number {
    return this.#end - this.#start;
  }

  /** The held bytes, as a view that is valid until the next append or consume. */
  view(): Uint8Array {
    return this.#bytes.subarray(this.#start, this.#end);
  }

  append(chunk: Uint8Array): void {
    if (this.#end + chunk.length > this.#bytes.length) this.#grow(chunk.length);
    this.#bytes.set(chunk, this.#end);
    this.#end += chunk.length;
  }

  /** Removes the first `count` bytes; a `view()` taken before still shows them until the next append. */
  drop(count: number): void {
    this.#start += count;
    if (this.#start === this.#end) this.#start = this.#end = 0;
  }

  /** Removes and returns (as a copy) the first `count` bytes. */
  take(count: number): Uint8Array {
    const taken = this.#bytes.slice(this.#start, this.#start + count);
    this.#start += count;
    if (this.#start === this.#end) this.#start = this.#end = 0;
    return taken;
  }

  /** Removes and returns (as a copy) everything held. */
  takeAll(): Uint8Array {
    return this.take(this.length);
  }

  #grow(extra: number): void {
    const length = this.length;
    const needed = length + extra;
    const target = needed <= this.#bytes.length / 2 ? this.#bytes : new Uint8Array(Math.max(needed, this.#bytes.length * 2));
    target.set(this.#bytes.subarray(this.#start, this.#end), 0);
    this.#bytes = target;
    this.#start = 0;
    this.#end = length;
  }
}

/**
 * Places in the protocol's text. The model keeps a place as a plain character offset (a number costs
 * the garbage collector nothing; an object per place was a fifth of a large model's objects); line and
 * column are computed only when a diagnostic or a generated comment asks.
 */

/** A line and a column, 1-based; the column in characters. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A character offset into the protocol's text, as the reader found it. */
export type SourceOffset = number & { readonly __sourceOffset: never };

/**
 * Maps offsets to lines and columns. The line starts are found on the first question: a protocol
 * without diagnostics asks few (a 12 MB file has 400 000 lines).
 */
export class SourceLines {
  readonly #text: string;
  #starts: Uint32Array | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  position(offset: number): Position {
    const line = this.line(offset);
    return { line, column: offset - (this.#lineStarts()[line - 1] as number) + 1 };
  }

  /** The 1-based line holding `offset`. */
  line(offset: number): number {
    const starts = this.#lineStarts();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }

  #lineStarts(): Uint32Array {
    this.#starts ??= lineStarts(this.#text);
    return this.#starts;
  }
}

/** Counted first, then filled: one typed array, not an array of 400 000 numbers grown by copying. */
function lineStarts(text: string): Uint32Array {
  let count = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  const starts = new Uint32Array(count);
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts[line++] = at + 1;
  return starts;
}

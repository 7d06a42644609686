/**
 * Matching: bytes → values, left to right over a compiled layout (see layout.ts for how each field's
 * end is found). A frame matches when every constant is equal, every field decodes, the fields end
 * exactly at the end of the bytes (extra trailing bytes do not match), and every length and crc field
 * holds the value computed over the bytes it covers.
 *
 * This runs for every incoming message and candidate response, so a matcher keeps per-layout scratch
 * arrays (field starts/ends, numbers) instead of allocating; matching is synchronous, so reusing them
 * is safe. A frame of one variable-length UTF-8 string skips all of it.
 */

import type { Field, Layout } from './layout.js';
import { propertyKey } from './property-key.js';
import { indexOfByte } from './search.js';
import type { Values } from './types.js';
import { NO_MATCH, OMIT, textDecoderOf, type Decoded } from './values.js';

/** Matches the frame `bytes[start, end)`, by default all of `bytes`. */
type Match = (bytes: Uint8Array, start?: number, end?: number) => Values | undefined;

/** Builds the `match` function of a layout: never throws, whatever the bytes. */
export function createMatcher(layout: Layout): Match {
  const match = createUnguardedMatcher(layout);
  return (bytes, start, end) => {
    try {
      return match(bytes, start, end);
    } catch {
      // The property tests show the unguarded matcher does not throw; this keeps the promise absolute.
      return undefined;
    }
  };
}

/** The matcher without the guard: what the "never throws" property tests exercise. */
export function createUnguardedMatcher(layout: Layout): Match {
  if (layout.unmatchable !== undefined) return () => undefined;
  const single = singleStringKey(layout);
  if (single !== undefined) {
    const decode = textDecoderOf(layout.fields[0]?.param ?? {});
    const key = propertyKey(single);
    return (bytes, start = 0, end = bytes.length) => ({ [key]: decode(bytes, start, end) });
  }
  const matcher = new Matcher(layout);
  return (bytes, start = 0, end = bytes.length) => matcher.match(bytes, start, end);
}

/** The key of a frame that is exactly one variable-length, untreated `other` string, if it is one. */
function singleStringKey(layout: Layout): string | undefined {
  const [field, ...rest] = layout.fields;
  if (field === undefined || rest.length > 0 || field.kind !== 'data') return undefined;
  const { param, extent } = field;
  const plain = param.raw === 'other' && param.value === 'string' && param.trim === undefined && param.filter !== true;
  const untreated = param.exceptions === undefined || param.exceptions.length === 0;
  return plain && untreated && extent.type === 'rest' && extent.gap === 0 ? param.key : undefined;
}

// What a field is and how its end is found, as small integers decided once per layout: the loop
// below runs for every field of every candidate frame, and comparing strings there shows in profiles.
const CONSTANT = 0;
const DATA = 1;
const COUNTER = 2;
const FIXED = 0;
const DELIMITED = 1;
const LAST_DELIMITED = 2;
const REST = 3;
const OTHER = 4;
const NEVER = 5;

const STEPS: Readonly<Record<Field['kind'], number>> = { constant: CONSTANT, data: DATA, length: COUNTER, crc: COUNTER };

function endRuleOf(field: Field): number {
  switch (field.extent.type) {
    case 'fixed':
      return FIXED;
    case 'delimited':
      return field.extent.last ? LAST_DELIMITED : DELIMITED;
    case 'rest':
      return REST;
    case 'other':
      return OTHER;
    case 'unresolvable':
      return NEVER;
  }
}

class Matcher {
  readonly #fields: readonly Field[];
  /** Per field: CONSTANT, DATA or COUNTER. */
  readonly #steps: Uint8Array;
  /** Per field: how its end is found (FIXED…NEVER). */
  readonly #endRules: Uint8Array;
  /** Per field: the key its value is stored under (read once here, not from each param's spec object; internalized, see property-key.ts). */
  readonly #keys: readonly string[];
  /** The constant the frame starts with, if it starts with one. */
  readonly #lead: Uint8Array | undefined;
  readonly #lengthFields: readonly Field[];
  readonly #crcFields: readonly Field[];
  /**
   * Per field: 1 for a constant already known to be there — the leading constant, or the delimiter
   * the field before it was found to end at — so it is not compared twice.
   */
  readonly #verified: Uint8Array;
  /** Field starts and ends are kept only for the length and crc checks that read them. */
  readonly #counted: boolean;
  readonly #starts: Int32Array;
  readonly #ends: Int32Array;
  /** The plain number of each length, crc and length-source field. */
  readonly #numbers: Float64Array;
  /** Per field: its decoded value (data fields), kept until the whole frame is known to match. */
  readonly #decoded: Decoded[];
  /** Indexes of the data fields, in frame order. */
  readonly #dataIndexes: Int32Array;

  constructor(layout: Layout) {
    const fields = layout.fields;
    this.#fields = fields;
    this.#steps = Uint8Array.from(fields, (field) => STEPS[field.kind]);
    this.#endRules = Uint8Array.from(fields, endRuleOf);
    this.#keys = fields.map((field) => propertyKey(field.param.key));
    const first = fields[0];
    this.#lead = first?.kind === 'constant' && first.constant.length > 0 ? first.constant : undefined;
    this.#lengthFields = fields.filter((field) => field.kind === 'length');
    this.#crcFields = fields.filter((field) => field.checksum !== undefined);
    this.#verified = Uint8Array.from(fields, (_, index) => (isVerified(fields, index, this.#lead) ? 1 : 0));
    this.#counted = this.#lengthFields.length > 0 || this.#crcFields.length > 0;
    this.#starts = new Int32Array(fields.length);
    this.#ends = new Int32Array(fields.length);
    this.#numbers = new Float64Array(fields.length);
    this.#decoded = fields.map(() => OMIT);
    this.#dataIndexes = Int32Array.from(fields.flatMap((field, index) => (field.kind === 'data' ? [index] : [])));
  }

  /** The values of the frame `bytes[start, end)`. */
  match(bytes: Uint8Array, start: number, end: number): Values | undefined {
    // Routing tries candidate responses in turn: most are ruled out by their first constant, before
    // anything is allocated.
    const lead = this.#lead;
    if (lead !== undefined && (end - start < lead.length || !equalAt(bytes, start, lead))) return undefined;
    const decoded = this.#decoded;
    const fields = this.#fields;
    const steps = this.#steps;
    const numbers = this.#numbers;
    const verified = this.#verified;
    const counted = this.#counted;
    let position = start;
    for (let index = 0; index < fields.length; index++) {
      const field = fields[index] as Field;
      const fieldEnd = this.#endOf(index, field, bytes, position, end);
      if (fieldEnd < 0) return undefined;
      if (counted) {
        this.#starts[index] = position;
        this.#ends[index] = fieldEnd;
      }
      const step = steps[index];
      if (step === CONSTANT) {
        if (verified[index] === 0 && !equalAt(bytes, position, field.constant)) return undefined;
      } else if (step === DATA) {
        const value = field.codec.decode(bytes, position, fieldEnd);
        // Comparing a string or number with a symbol is a generic ===; the typeof test first is not.
        if (typeof value === 'symbol' && value === NO_MATCH) return undefined;
        decoded[index] = value;
        if (field.isLengthSource) numbers[index] = field.codec.decodeNumber(bytes, position, fieldEnd);
      } else {
        const value = field.codec.decodeNumber(bytes, position, fieldEnd);
        if (Number.isNaN(value)) return undefined;
        numbers[index] = value;
      }
      position = fieldEnd;
    }
    if (position !== end || !this.#lengthsHold() || !this.#checksumsHold(bytes)) return undefined;
    return this.#values();
  }

  /**
   * The decoded values, key by key in frame order, leaving out the omitted ones (their key must be
   * absent); a repeated param's key stays where it first got a value and holds its last one.
   */
  #values(): Values {
    const values: Values = {};
    const indexes = this.#dataIndexes;
    const keys = this.#keys;
    const decoded = this.#decoded;
    const count = indexes.length;
    // One store site per position for the first eight values: a site sees one key per layout and
    // stays monomorphic, where a single site in a loop sees every key of every frame (a megamorphic
    // store). Growing a fresh `{}` this way measured several times faster than filling a copy of a
    // template object, whose stores V8 turned megamorphic even for a single layout. A decoded value
    // is a string, a number or OMIT (NO_MATCH ended the match): `typeof` tells OMIT apart without
    // the generic === a symbol comparison costs.
    let i = 0;
    let value: Decoded;
    if (count > i && typeof (value = decoded[indexes[i] as number] as Decoded) !== 'symbol') values[keys[indexes[i] as number] as string] = value as string | number;
    if (count > ++i && typeof (value = decoded[indexes[i] as number] as Decoded) !== 'symbol') values[keys[indexes[i] as number] as string] = value as string | number;
    if (count > ++i && typeof (value = decoded[indexes[i] as number] as Decoded) !== 'symbol') values[keys[indexes[i] as number] as string] = value as string | number;
    if (count > ++i && typeof (value = decoded[indexes[i] as number] as Decoded) !== 'symbol') values[keys[indexes[i] as number] as string] = value as string | number;
    if (count > ++i && typeof (value = decoded[indexes[i] as number] as Decoded) !== 'symbol') values[keys[indexes[i] as number] as string] = value as string | number;
    if (count > ++i && typeof (value = decoded[indexes[i] as number] as Decoded) !== 'symbol') values[keys[indexes[i] as number] as string] = value as string | number;
    if (count > ++i && typeof (value = decoded[indexes[i] as number] as Decoded) !== 'symbol') values[keys[indexes[i] as number] as string] = value as string | number;
    if (count > ++i && typeof (value = decoded[indexes[i] as number] as Decoded) !== 'symbol') values[keys[indexes[i] as number] as string] = value as string | number;
    for (++i; i < count; i++) {
      value = decoded[indexes[i] as number] as Decoded;
      if (typeof value !== 'symbol') values[keys[indexes[i] as number] as string] = value as string | number;
    }
    return values;
  }

  /** Where field `index` starting at `start` ends in a frame ending at `end`, or −1 when the bytes cannot hold it. */
  #endOf(index: number, field: Field, bytes: Uint8Array, start: number, end: number): number {
    const extent = field.extent;
    switch (this.#endRules[index]) {
      case FIXED:
        return start + extent.length <= end ? start + extent.length : -1;
      case DELIMITED:
        return endBeforeFirst(bytes, start + extent.gap, end, extent.delimiter, extent.times) - extent.gap;
      case LAST_DELIMITED:
        return endBeforeLast(bytes, start + extent.gap, end, extent.delimiter, extent.times) - extent.gap;
      case REST:
        return end - extent.gap >= start ? end - extent.gap : -1;
      case OTHER: {
        const length = this.#numbers[extent.source] ?? Number.NaN;
        return Number.isInteger(length) && length >= 0 && start + length <= end ? start + length : -1;
      }
      default:
        return -1;
    }
  }

  #lengthsHold(): boolean {
    const starts = this.#starts;
    const ends = this.#ends;
    for (const field of this.#lengthFields) {
      const runs = field.runs;
      let total = 0;
      for (let i = 0; i < runs.length; i += 2) total += (ends[runs[i + 1] ?? 0] ?? 0) - (starts[runs[i] ?? 0] ?? 0);
      if (this.#numbers[field.position] !== total) return false;
    }
    return true;
  }

  #checksumsHold(bytes: Uint8Array): boolean {
    const starts = this.#starts;
    const ends = this.#ends;
    for (const field of this.#crcFields) {
      const algorithm = field.checksum;
      if (algorithm === undefined) continue;
      const runs = field.runs;
      let state = algorithm.init;
      for (let i = 0; i < runs.length; i += 2) {
        state = algorithm.update(state, bytes, starts[runs[i] ?? 0] ?? 0, ends[runs[i + 1] ?? 0] ?? 0);
      }
      if (algorithm.finish(state, field.codec.checksumWidth) !== this.#numbers[field.position]) return false;
    }
    return true;
  }
}

/**
 * Field `index` is a constant the matcher has already compared when it reaches it: the leading
 * constant (checked before anything else), or the delimiter that ends the field before it with no gap
 * (the delimiter search compared it where that field ends, which is where this one starts).
 */
function isVerified(fields: readonly Field[], index: number, lead: Uint8Array | undefined): boolean {
  const field = fields[index];
  if (field?.kind !== 'constant') return false;
  if (index === 0) return lead !== undefined && lead === field.constant;
  const extent = fields[index - 1]?.extent;
  return extent?.type === 'delimited' && extent.gap === 0 && extent.delimiter === field.constant;
}

function equalAt(bytes: Uint8Array, at: number, constant: Uint8Array): boolean {
  for (let i = 0; i < constant.length; i++) if (bytes[at + i] !== constant[i]) return false;
  return true;
}

/**
 * Index of the `times`-th occurrence of `delimiter` in `bytes[from, end)` (occurrences do not
 * overlap), or −∞ (which, minus a gap, stays negative). `indexOfByte` finds the first byte.
 */
function endBeforeFirst(bytes: Uint8Array, from: number, end: number, delimiter: Uint8Array, times: number): number {
  const first = delimiter[0] ?? 0;
  let at = indexOfByte(bytes, first, from);
  // A one-byte delimiter (a separator, most of them) is found once its byte is.
  if (times === 1 && delimiter.length === 1) return at >= 0 && at < end ? at : -Infinity;
  let remaining = times;
  while (at >= 0 && at + delimiter.length <= end) {
    if (equalAt(bytes, at, delimiter)) {
      if (--remaining === 0) return at;
      at = indexOfByte(bytes, first, at + delimiter.length);
    } else {
      at = indexOfByte(bytes, first, at + 1);
    }
  }
  return -Infinity;
}

/** Index of the `times`-th occurrence in `bytes[from, end)` counted from the end, or −∞. */
function endBeforeLast(bytes: Uint8Array, from: number, end: number, delimiter: Uint8Array, times: number): number {
  const first = delimiter[0] ?? 0;
  let remaining = times;
  let at = lastIndexAtOrBefore(bytes, first, end - delimiter.length);
  while (at >= from) {
    if (equalAt(bytes, at, delimiter)) {
      if (--remaining === 0) return at;
      at = lastIndexAtOrBefore(bytes, first, at - delimiter.length);
    } else {
      at = lastIndexAtOrBefore(bytes, first, at - 1);
    }
  }
  return -Infinity;
}

/** `lastIndexOf` without its trap: a negative start would count from the end instead of failing. */
function lastIndexAtOrBefore(bytes: Uint8Array, byte: number, at: number): number {
  return at < 0 ? -1 : bytes.lastIndexOf(byte, at);
}

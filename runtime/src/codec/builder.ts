/**
 * Building: values → the exact bytes of a frame.
 *
 * 1. Every field is encoded on its own: constants as they are, data params from `values[key]` (a
 *    missing or null/undefined value takes the default value; without one it is a RangeError, unless
 *    the field is the length of a later `other param` field), length and crc params as a placeholder.
 *    A value that holds the delimiter that ends its own field is a RangeError: the frame could never
 *    be read back the way it was meant.
 * 2. `other param` fields: when the param holding their length is a data param the caller left out, it
 *    is set to the field's byte count; when the caller gave it and it disagrees, that is a RangeError
 *    (a frame whose length field lies would never match).
 * 3. Length params (byte count of their positions) and crc params (checksum of their positions) are
 *    computed and re-computed until they settle — a length may count a crc and a crc may cover a
 *    length, and a variable-length counter can change size.
 * 4. The parts are joined.
 */

import { bytesToHex } from './hex.js';
import type { Field, Layout } from './layout.js';

/** Settling rounds: two suffice unless variable-length counters cover each other. */
const MAX_ROUNDS = 6;

/**
 * Builds the bytes of a frame.
 * @throws RangeError naming the frame and the param when a value cannot be encoded.
 */
export function buildFrame(layout: Layout, values: Readonly<Record<string, unknown>>, checkValues: boolean): Uint8Array {
  try {
    const fields = layout.fields;
    // Sized once: pushing onto an empty array would grow it to 16 slots.
    const parts = new Array<Uint8Array>(fields.length);
    for (let i = 0; i < fields.length; i++) parts[i] = encodeField(fields[i] as Field, values, checkValues);
    // Most frames have no computed field: steps 2 and 3 cost nothing for them.
    if (layout.otherFields.length > 0) fitLengthSources(layout, parts, values);
    if (layout.lengthFields.length > 0 || layout.crcFields.length > 0) settleCounters(layout, parts);
    return join(parts);
  } catch (error) {
    throw error instanceof RangeError ? new RangeError(`${layout.name}: ${error.message}`) : error;
  }
}

function encodeField(field: Field, values: Readonly<Record<string, unknown>>, checkValues: boolean): Uint8Array {
  switch (field.kind) {
    case 'constant':
      return field.constant;
    case 'length':
    case 'crc':
      return field.codec.encodeNumber(0);
    case 'data': {
      const value = values[field.param.key];
      if (value !== undefined && value !== null) return withoutDelimiter(field, field.codec.encode(value, checkValues));
      // fitLengthSources computes a length the caller left out.
      return field.isLengthSource ? field.codec.encodeNumber(0) : withoutDelimiter(field, field.codec.encodeMissing());
    }
  }
}

/** `part`, unless it holds the constant that ends its field (the field would end early). */
function withoutDelimiter(field: Field, part: Uint8Array): Uint8Array {
  const { extent } = field;
  if (extent.type === 'delimited' && !extent.last && indexOf(part, extent.delimiter) !== -1) {
    throw new RangeError(`param ${field.param.id} '${field.param.key}': the value contains its delimiter ${bytesToHex(extent.delimiter)}`);
  }
  return part;
}

function indexOf(bytes: Uint8Array, needle: Uint8Array): number {
  if (needle.length === 0) return -1;
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function fitLengthSources(layout: Layout, parts: Uint8Array[], values: Readonly<Record<string, unknown>>): void {
  for (const position of layout.otherFields) {
    const field = layout.fields[position];
    if (field?.extent.type !== 'other') continue;
    const source = layout.fields[field.extent.source];
    const length = parts[field.position]?.length ?? 0;
    if (source?.kind !== 'data') continue;
    const given = values[source.param.key];
    if (given === undefined || given === null) {
      parts[source.position] = source.codec.encodeNumber(length);
      continue;
    }
    const part = parts[source.position] ?? new Uint8Array(0);
    const declared = source.codec.decodeNumber(part, 0, part.length);
    if (declared !== length) {
      throw new RangeError(
        `param ${source.param.id} '${source.param.key}' is ${String(given)} but param ${field.param.id} '${field.param.key}' takes ${length} bytes (leave the length out to have it computed)`,
      );
    }
  }
}

function settleCounters(layout: Layout, parts: Uint8Array[]): void {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (const position of layout.lengthFields) changed = setLength(layout, parts, position) || changed;
    for (const position of layout.crcFields) changed = setChecksum(layout, parts, position) || changed;
    if (!changed) return;
  }
}

/** Writes a length field; true when its bytes changed. */
function setLength(layout: Layout, parts: Uint8Array[], position: number): boolean {
  const field = layout.fields[position];
  if (field === undefined) return false;
  let total = 0;
  for (const covered of field.covers) total += parts[covered]?.length ?? 0;
  return replace(parts, position, field.codec.encodeNumber(total));
}

/** Writes a crc field; true when its bytes changed. */
function setChecksum(layout: Layout, parts: Uint8Array[], position: number): boolean {
  const field = layout.fields[position];
  const algorithm = field?.checksum;
  if (field === undefined || algorithm === undefined) return false;
  let state = algorithm.init;
  for (const covered of field.covers) {
    const part = parts[covered] ?? new Uint8Array(0);
    state = algorithm.update(state, part, 0, part.length);
  }
  return replace(parts, position, field.codec.encodeNumber(algorithm.finish(state, field.codec.checksumWidth)));
}

function replace(parts: Uint8Array[], position: number, bytes: Uint8Array): boolean {
  const old = parts[position];
  if (old !== undefined && old.length === bytes.length && old.every((byte, i) => byte === bytes[i])) return false;
  parts[position] = bytes;
  return true;
}

function join(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const frame = nativeBytes(total);
  let offset = 0;
  for (const part of parts) {
    // Most parts are a few bytes, which a loop copies faster than a call to the native `set`.
    if (part.length > 16) frame.set(part, offset);
    else for (let i = 0; i < part.length; i++) frame[offset + i] = part[i] as number;
    offset += part.length;
  }
  return frame;
}

/** Frames up to this size are cut from shared slabs; V8 keeps larger typed arrays off its heap anyway. */
const ON_HEAP_BYTES = 64;
const SLAB_BYTES = 8192;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;

/**
 * `length` zeroed bytes in native memory. A small `new Uint8Array(n)` lives on the JS heap, and a
 * socket (`ws`, node:net) that takes its `.buffer` makes V8 move it to a native allocation of its
 * own: one malloc and copy per frame sent. Small frames are therefore views of a shared slab (as
 * Node's Buffer pool does, but a plain Uint8Array, whose `slice` copies as callers expect).
 */
function nativeBytes(length: number): Uint8Array {
  if (length > ON_HEAP_BYTES) return new Uint8Array(length);
  if (slabUsed + length > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const bytes = new Uint8Array(slab, slabUsed, length);
  slabUsed += length;
  return bytes;
}

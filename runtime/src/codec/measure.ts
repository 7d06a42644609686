/**
 * When a response on a byte stream is complete (contract §9, DataMiner's serial rules): a frame is
 * whole as soon as
 * (a) all its fields are fixed-length and that many bytes arrived, or
 * (b) it starts with a header constant, ends with a trailer constant, and the trailer arrived, or
 * (c) a fixed-size length field at a fixed position says how long it is.
 * Otherwise the layout cannot tell, and a framer waits for the pair's timeout. The exact rules come
 * first: (c) before (b), since binary data (the length byte itself) may hold the trailer's bytes.
 */
import type { Layout } from './layout.js';

/**
 * Complete frame length at the start of `bytes`; 0 = more bytes needed; −1 = this layout cannot tell;
 * −2 (`NOT_HERE`) = the bytes do not start with this frame's header, so the frame cannot start here.
 */
export type Measure = (bytes: Uint8Array) => number;

export const NOT_HERE = -2;

const CANNOT_TELL: Measure = () => -1;

export function createMeasure(layout: Layout): Measure {
  if (layout.unmatchable !== undefined) return CANNOT_TELL;
  return fixedMeasure(layout) ?? lengthMeasure(layout) ?? delimitedMeasure(layout) ?? CANNOT_TELL;
}

function fixedLength(layout: Layout, position: number): number | undefined {
  const extent = layout.fields[position]?.extent;
  return extent?.type === 'fixed' ? extent.length : undefined;
}

/** (a) every field fixed. */
function fixedMeasure(layout: Layout): Measure | undefined {
  let total = 0;
  for (let position = 0; position < layout.fields.length; position++) {
    const length = fixedLength(layout, position);
    if (length === undefined) return undefined;
    total += length;
  }
  return (bytes) => (!prefixAgrees(layout, bytes) ? NOT_HERE : bytes.length >= total ? total : 0);
}

/** (b) header … trailer. */
function delimitedMeasure(layout: Layout): Measure | undefined {
  const first = layout.fields[0];
  const last = layout.fields.at(-1);
  if (layout.fields.length < 2 || first?.kind !== 'constant' || last?.kind !== 'constant') return undefined;
  const header = first.constant;
  const trailer = last.constant;
  if (header.length === 0 || trailer.length === 0) return undefined;
  return (bytes) => {
    for (let i = 0; i < Math.min(header.length, bytes.length); i++) if (bytes[i] !== header[i]) return NOT_HERE;
    const end = indexOf(bytes, trailer, header.length);
    return end === -1 ? 0 : end + trailer.length;
  };
}

/** (c) a fixed-size length field after fixed-length fields only, every field it does not count fixed. */
function lengthMeasure(layout: Layout): Measure | undefined {
  let offset = 0;
  for (const field of layout.fields) {
    const size = fixedLength(layout, field.position);
    if (size === undefined) return undefined;
    if (field.kind === 'length') return lengthFieldMeasure(layout, field.position, offset, size);
    offset += size;
  }
  return undefined;
}

function lengthFieldMeasure(layout: Layout, position: number, offset: number, size: number): Measure | undefined {
  const field = layout.fields[position];
  if (field === undefined) return undefined;
  const counted = new Set(field.covers);
  let uncounted = 0;
  for (const other of layout.fields) {
    if (counted.has(other.position)) continue;
    const length = fixedLength(layout, other.position);
    if (length === undefined) return undefined;
    uncounted += length;
  }
  return (bytes) => {
    if (!prefixAgrees(layout, bytes)) return NOT_HERE;
    if (bytes.length < offset + size) return 0;
    const declared = field.codec.decodeNumber(bytes, offset, offset + size);
    if (!Number.isSafeInteger(declared) || declared < 0) return -1;
    const total = declared + uncounted;
    return bytes.length >= total ? total : 0;
  };
}

/** False when a constant among the leading fixed-length fields differs from the bytes arrived: another frame. */
function prefixAgrees(layout: Layout, bytes: Uint8Array): boolean {
  let offset = 0;
  for (const field of layout.fields) {
    if (field.extent.type !== 'fixed' || offset >= bytes.length) return true;
    if (field.kind === 'constant') {
      const { constant } = field;
      for (let i = 0; i < constant.length && offset + i < bytes.length; i++) if (bytes[offset + i] !== constant[i]) return false;
    }
    offset += field.extent.length;
  }
  return true;
}

function indexOf(bytes: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

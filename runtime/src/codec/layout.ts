/**
 * A frame layout: the params of one command or response compiled once into fields, so that building
 * and matching only walk arrays.
 *
 * Each field gets an extent — how the matcher finds where it ends:
 * - `fixed`: constants (their bytes) and LengthType `fixed` (Length bytes);
 * - `delimited` (`next param` / `last next param`): up to the first (last) occurrence of the constant of
 *   the following param; `times` = N skips N − 1 occurrences (counted from the end for `last`). When
 *   fixed-length, non-constant fields (a checksum, say) sit between the field and that constant, their
 *   total length is the `gap` and the field ends `gap` bytes before the delimiter — unless every field
 *   after it has a fixed length, then it is a `rest` field (the gap bytes may contain the delimiter);
 * - `rest`: a variable field with no constant after it ends `gap` bytes before the end of the frame
 *   (gap = the fixed lengths after it, usually 0);
 * - `other`: LengthType `other param`, the length is the number decoded from the nearest earlier field
 *   of param `lengthParam`;
 * - `unresolvable`: a variable field followed by another variable field before any constant, or an
 *   `other param` without an earlier source, or `fixed` without Length. Such a frame can be built but
 *   never matches (`Layout.unmatchable` says why).
 */

import { constantRoles, fillByte, type CrcType, type ParamSpec } from '../spec.js';
import { crcAlgorithms, type CrcAlgorithm } from './crc.js';
import { hexToBytes } from './hex.js';
import { createValueCodec, type ValueCodec } from './values.js';

export type FieldKind = 'constant' | 'data' | 'length' | 'crc';

export type ExtentType = 'fixed' | 'delimited' | 'rest' | 'other' | 'unresolvable';

/**
 * How a field's end is found. Every extent carries every member (unused ones are 0/empty) so that all
 * extents share one object shape and the matcher's property loads stay monomorphic.
 */
export interface Extent {
  readonly type: ExtentType;
  /** `fixed`: the byte length. */
  readonly length: number;
  /** `delimited`: the constant that ends the field. */
  readonly delimiter: Uint8Array;
  /** `delimited`: bytes between the field and the delimiter; `rest`: bytes after the field. */
  readonly gap: number;
  /** `delimited`: which occurrence (1 = first). */
  readonly times: number;
  /** `delimited`: count occurrences from the end of the frame (`last next param`). */
  readonly last: boolean;
  /** `other`: position of the field holding the length. */
  readonly source: number;
  /** `unresolvable`: why. */
  readonly reason: string;
}

const NO_BYTES = new Uint8Array(0);

function extent(type: ExtentType, members: Partial<Omit<Extent, 'type'>> = {}): Extent {
  return {
    type,
    length: members.length ?? 0,
    delimiter: members.delimiter ?? NO_BYTES,
    gap: members.gap ?? 0,
    times: members.times ?? 1,
    last: members.last ?? false,
    source: members.source ?? -1,
    reason: members.reason ?? '',
  };
}

export interface Field {
  /** 0-based position in the frame (what `lengthOf` and `crc.positions` refer to). */
  readonly position: number;
  readonly param: ParamSpec;
  readonly kind: FieldKind;
  /** The bytes of a constant field; empty otherwise. */
  readonly constant: Uint8Array;
  /** Encodes/decodes the value of data, length and crc fields. */
  readonly codec: ValueCodec;
  readonly extent: Extent;
  /** Length fields: positions counted; crc fields: positions checksummed; otherwise empty. */
  readonly covers: readonly number[];
  /**
   * `covers` as runs of adjacent positions, flattened `[first, last, first, last, …]`: fields are
   * contiguous in a frame, so the matcher checksums or counts each run as one byte range.
   */
  readonly runs: readonly number[];
  readonly crcType: CrcType | undefined;
  /** The algorithm of `crcType`, resolved once. */
  readonly checksum: CrcAlgorithm | undefined;
  /** A later `other param` field takes its length from this field's number. */
  readonly isLengthSource: boolean;
}

export interface Layout {
  /** `command 3 'getStatus'` — prefixes error messages. */
  readonly name: string;
  readonly fields: readonly Field[];
  /** Why this frame can never match, when one of its fields is unresolvable. */
  readonly unmatchable: string | undefined;
  /** Positions of length and crc fields, in frame order. */
  readonly lengthFields: readonly number[];
  readonly crcFields: readonly number[];
  /** Positions of `other param` fields (their length comes from another field), in frame order. */
  readonly otherFields: readonly number[];
}

/**
 * Compiles the layout of a command or response.
 * @param params the frame's params in `Content` order (one entry per occurrence).
 */
export function compileLayout(name: string, params: readonly ParamSpec[]): Layout {
  const codecs = new Map<number, ValueCodec>();
  const codecOf = (param: ParamSpec): ValueCodec => {
    let codec = codecs.get(param.id);
    if (codec === undefined) codecs.set(param.id, (codec = createValueCodec(param)));
    return codec;
  };
  const { kinds, constants, extents } = shapeOf(params);
  const sources = new Set(extents.filter((candidate) => candidate.type === 'other').map((candidate) => candidate.source));
  const fields = params.map((param, position): Field => {
    const kind = kinds[position] ?? 'data';
    const crcType = kind === 'crc' ? param.crc?.type : undefined;
    const covers = coversOf(param, kind, params, kinds);
    return {
      position,
      param,
      kind,
      constant: constants[position] ?? NO_BYTES,
      codec: codecOf(param),
      extent: extents[position] ?? extent('unresolvable', { reason: `no param at position ${position}` }),
      covers,
      runs: runsOf(covers),
      crcType,
      checksum: crcType === undefined ? undefined : crcAlgorithms[crcType],
      isLengthSource: sources.has(position),
    };
  });
  const blocked = fields.find((field) => field.extent.type === 'unresolvable');
  return {
    name,
    fields,
    unmatchable: blocked === undefined ? undefined : `${name}: ${blocked.extent.reason}`,
    lengthFields: fields.filter((field) => field.kind === 'length').map((field) => field.position),
    crcFields: fields.filter((field) => field.checksum !== undefined).map((field) => field.position),
    otherFields: fields.filter((field) => field.extent.type === 'other').map((field) => field.position),
  };
}

/** Where each field of a frame ends: all that decides whether the frame can match at all. */
function shapeOf(params: readonly ParamSpec[]): { kinds: FieldKind[]; constants: Uint8Array[]; extents: Extent[] } {
  const kinds = params.map(kindOf);
  const constants = params.map((param, i) => (kinds[i] === 'constant' ? constantBytes(param) : NO_BYTES));
  const extents = params.map((_, position) => extentOf(position, params, kinds, constants));
  return { kinds, constants, extents };
}

/**
 * Why a frame made of `params` can never match, or undefined when it can: the same answer as
 * `compileLayout(…).unmatchable`, without building the value codecs.
 */
export function unmatchableReason(name: string, params: readonly ParamSpec[]): string | undefined {
  const blocked = shapeOf(params).extents.find((candidate) => candidate.type === 'unresolvable');
  return blocked === undefined ? undefined : `${name}: ${blocked.reason}`;
}

function kindOf(param: ParamSpec): FieldKind {
  if (constantRoles.has(param.role)) return 'constant';
  if (param.role === 'length') return 'length';
  if (param.role === 'crc') return 'crc';
  return 'data';
}

/** A constant's bytes; a fixed Length longer than the constant is pre-filled like DataMiner does. */
function constantBytes(param: ParamSpec): Uint8Array {
  const value = hexToBytes(param.constant ?? '');
  const length = param.lengthType === 'fixed' ? (param.length ?? 0) : 0;
  if (length <= value.length) return value;
  const bytes = new Uint8Array(length).fill(fillByte(param.raw));
  bytes.set(value);
  return bytes;
}

/** Positions a length param counts (default: every param but length params) or a crc covers. */
function coversOf(param: ParamSpec, kind: FieldKind, params: readonly ParamSpec[], kinds: readonly FieldKind[]): readonly number[] {
  const valid = (position: number): boolean => Number.isInteger(position) && position >= 0 && position < params.length;
  if (kind === 'length') {
    if (param.lengthOf !== undefined) return param.lengthOf.filter(valid);
    return kinds.flatMap((other, position) => (other === 'length' ? [] : [position]));
  }
  if (kind === 'crc') return (param.crc?.positions ?? []).filter(valid);
  return [];
}

/** `[1, 2, 3, 5]` → `[1, 3, 5, 5]`. */
function runsOf(positions: readonly number[]): readonly number[] {
  const runs: number[] = [];
  for (const position of positions) {
    if (runs.length > 0 && runs[runs.length - 1] === position - 1) runs[runs.length - 1] = position;
    else runs.push(position, position);
  }
  return runs;
}

function fixedLengthOf(position: number, params: readonly ParamSpec[], kinds: readonly FieldKind[], constants: readonly Uint8Array[]): number | undefined {
  if (kinds[position] === 'constant') return constants[position]?.length ?? 0;
  const param = params[position];
  return param?.lengthType === 'fixed' ? param.length : undefined;
}

function extentOf(position: number, params: readonly ParamSpec[], kinds: readonly FieldKind[], constants: readonly Uint8Array[]): Extent {
  const param = params[position];
  if (param === undefined) return extent('unresolvable', { reason: `no param at position ${position}` });
  const label = `param ${param.id} '${param.key}' at position ${position}`;
  const fixed = fixedLengthOf(position, params, kinds, constants);
  if (fixed !== undefined) return extent('fixed', { length: fixed });
  switch (param.lengthType) {
    case 'fixed':
      return extent('unresolvable', { reason: `${label} is fixed-length without a Length` });
    case 'other param':
      return otherParamExtent(position, params, kinds, label);
    case 'next param':
    case 'last next param':
      return delimitedExtent(position, params, kinds, constants, label);
  }
}

/** The nearest earlier field of param `lengthParam`; constants carry no number, so they cannot be one. */
function otherParamExtent(position: number, params: readonly ParamSpec[], kinds: readonly FieldKind[], label: string): Extent {
  const id = params[position]?.lengthParam;
  for (let source = position - 1; source >= 0; source--) {
    if (params[source]?.id === id && kinds[source] !== 'constant') return extent('other', { source });
  }
  return extent('unresolvable', { reason: `${label} takes its length from param ${id ?? '(none)'}, which does not come before it` });
}

/**
 * Looks past fixed-length fields for the constant that ends a variable field. When fixed-length
 * non-constant fields sit before that constant (a binary checksum, say) and everything after the field
 * has a fixed length, the field is anchored to the end of the frame instead: searching for the
 * delimiter could stop inside those binary bytes.
 */
function delimitedExtent(position: number, params: readonly ParamSpec[], kinds: readonly FieldKind[], constants: readonly Uint8Array[], label: string): Extent {
  const param = params[position];
  let gap = 0;
  for (let next = position + 1; next < params.length; next++) {
    const delimiter = constants[next];
    if (kinds[next] === 'constant' && delimiter !== undefined && delimiter.length > 0) {
      const tail = gap > 0 ? fixedTail(position, params, kinds, constants) : undefined;
      if (tail !== undefined) return extent('rest', { gap: tail });
      return extent('delimited', { delimiter, gap, times: Math.max(1, param?.times ?? 1), last: param?.lengthType === 'last next param' });
    }
    const length = fixedLengthOf(next, params, kinds, constants);
    if (length === undefined) {
      const other = params[next];
      return extent('unresolvable', { reason: `${label} is followed by variable-length param ${other?.id ?? '?'} before any constant, so its end cannot be found` });
    }
    gap += length;
  }
  return extent('rest', { gap });
}

/** Total length of the fields after `position` when all of them have a fixed length. */
function fixedTail(position: number, params: readonly ParamSpec[], kinds: readonly FieldKind[], constants: readonly Uint8Array[]): number | undefined {
  let tail = 0;
  for (let next = position + 1; next < params.length; next++) {
    const length = fixedLengthOf(next, params, kinds, constants);
    if (length === undefined) return undefined;
    tail += length;
  }
  return tail;
}

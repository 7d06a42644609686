/**
 * ParamModel → ParamSpec: the Interprete facts normalised for the codec. The rules here are shared by
 * the check stage (which reports what they refuse, see check-params.ts) and the plan (which builds
 * the spec of a checked param and reports nothing).
 *
 *   <Interprete><RawType>other</RawType><LengthType>fixed</LengthType><Length>2</Length>
 *     <Value>0x0D0x0A</Value></Interprete>
 *   → { raw: 'other', lengthType: 'fixed', length: 2, constant: '0d0a' }
 */
import type { CrcSpec, CrcType, LengthType, ParamRole, ParamSpec, RawType } from '@protogen-dm/runtime';
import { constantRoles, supportedCrcTypes } from '@protogen-dm/runtime/rules';
import type { ParamModel } from './model.js';
import { parseNumber } from './read-util.js';

const rawTypes: readonly RawType[] = ['other', 'text', 'numeric text', 'unsigned number', 'signed number', 'double', 'bcd'];
const lengthTypes: readonly LengthType[] = ['fixed', 'next param', 'last next param', 'other param'];
const roles: readonly ParamRole[] = ['read', 'write', 'fixed', 'header', 'trailer', 'length', 'crc', 'dummy', 'bus'];

export function roleOf(param: ParamModel): ParamRole {
  const role = param.role.toLowerCase() as ParamRole;
  return roles.includes(role) ? role : 'other';
}

/**
 * DataMiner pairs a write param with the read param of the same Name (the UI shows them as one): the
 * first read param of that Name. Returns the read twin of each such write param, by the write param's id.
 */
export function readTwins(params: readonly ParamModel[]): Map<number, ParamModel> {
  const reads = new Map<string, ParamModel>();
  const writes: ParamModel[] = [];
  for (const param of params) {
    const role = roleOf(param);
    if (role === 'read' && !reads.has(param.name)) reads.set(param.name, param);
    else if (role === 'write') writes.push(param);
  }
  const twins = new Map<number, ParamModel>();
  for (const param of writes) {
    const twin = reads.get(param.name);
    if (twin) twins.set(param.id, twin);
  }
  return twins;
}

/** Param value type: `Interprete/Type` double is a number, anything else a string. */
export function valueKind(param: ParamModel): 'number' | 'string' {
  return param.interprete?.type?.toLowerCase() === 'double' ? 'number' : 'string';
}

/** `Interprete/RawType` (absent: `other`); undefined when the text names no raw type. */
export function rawTypeOf(param: ParamModel): RawType | undefined {
  return known(param.interprete?.rawType ?? 'other', rawTypes);
}

/** `Interprete/LengthType` (absent: `next param`); undefined when the text names no length type. */
export function lengthTypeOf(param: ParamModel): LengthType | undefined {
  return known(param.interprete?.lengthType ?? 'next param', lengthTypes);
}

function known<T extends string>(value: string, allowed: readonly T[]): T | undefined {
  const lower = value.trim().toLowerCase() as T;
  return allowed.includes(lower) ? lower : undefined;
}

export type Constant = { readonly hex: string; readonly problem?: undefined } | { readonly hex?: undefined; readonly problem: string };

/** The constant of a fixed, header or trailer param: `0x0D0x0A` → `0d0a`; plain text → its UTF-8 bytes in hex. */
export function constantOf(param: ParamModel): Constant | undefined {
  if (!constantRoles.has(roleOf(param))) return undefined;
  const value = param.interprete?.value;
  if (value === undefined || value === '') return { problem: 'a fixed, header or trailer param needs an Interprete/Value' };
  const trimmed = value.trim();
  if (!/^0x/i.test(trimmed)) return { hex: Buffer.from(value, 'utf8').toString('hex') };
  if (!/^(0x[0-9a-f]{2})+$/i.test(trimmed)) return { problem: `Value "${value}" is not a sequence of 0xHH bytes` };
  return { hex: trimmed.replace(/0x/gi, '').toLowerCase() };
}

/** `Interprete/Length`, or the constant's byte count for a fixed constant without one. */
export function lengthOf(param: ParamModel, lengthType: LengthType | undefined, constant: Constant | undefined): number | undefined {
  return param.interprete?.length ?? (lengthType === 'fixed' && constant?.hex !== undefined ? constant.hex.length / 2 : undefined);
}

/** Why the codec cannot encode or decode this raw type with this length, or undefined when it can. */
export function lengthProblem(raw: RawType, lengthType: LengthType, length: number | undefined): string | undefined {
  if (lengthType === 'fixed' && (length === undefined || !Number.isInteger(length) || length < 1)) return 'LengthType fixed needs a positive whole Length';
  const actual = lengthType === 'fixed' ? `Length ${length}` : `LengthType ${lengthType}`;
  if (raw === 'double' && (lengthType !== 'fixed' || (length !== 4 && length !== 8))) return `RawType double needs LengthType fixed with Length 4 or 8, not ${actual}`;
  if ((raw === 'unsigned number' || raw === 'signed number') && (lengthType !== 'fixed' || ![1, 2, 4, 8].includes(length ?? 0))) {
    return `RawType ${raw} needs LengthType fixed with Length 1, 2, 4 or 8, not ${actual}`;
  }
  if (raw === 'bcd' && lengthType !== 'fixed') return 'RawType bcd needs LengthType fixed';
  return undefined;
}

/** The checksum of a crc param; undefined when its `CRC/Type` is missing or not supported. */
export function crcOf(param: ParamModel): CrcSpec | undefined {
  const type = param.crcType?.type.toLowerCase();
  if (!supportedCrcTypes.includes(type as CrcType)) return undefined;
  return { type: type as CrcType, positions: param.crcPositions ?? [] };
}

/**
 * The spec of one param. A param the check stage passed gets exactly what its XML says; one outside
 * every frame protogen runs (never checked strictly) gets the documented defaults where its text
 * names nothing (RawType `other`, LengthType `next param`).
 */
export function paramSpec(param: ParamModel, key: string): ParamSpec {
  const interprete = param.interprete;
  const role = roleOf(param);
  const lengthType = lengthTypeOf(param) ?? 'next param';
  const constant = constantOf(param);
  const length = lengthOf(param, lengthType, constant);
  const spec: Mutable<ParamSpec> = { id: param.id, key, role, value: valueKind(param), raw: rawTypeOf(param) ?? 'other', lengthType };
  if (length !== undefined) spec.length = length;
  if (lengthType === 'other param' && interprete?.lengthTypeId) spec.lengthParam = interprete.lengthTypeId.id;
  if (interprete?.times !== undefined) spec.times = interprete.times;
  if (constant?.hex !== undefined) spec.constant = constant.hex;
  copyNumbers(spec, param);
  if (interprete?.endian?.toLowerCase() === 'big') spec.endian = 'big';
  const trim = trimOf(interprete?.trim);
  if (trim) spec.trim = trim;
  if (interprete?.filter) spec.filter = true;
  if (interprete && interprete.exceptions.length > 0) {
    spec.exceptions = interprete.exceptions.map((exception) => ({ match: exception.match, value: typed(exception.value, spec.value), display: exception.display }));
  }
  if (role === 'length' && param.lengthPositions) spec.lengthOf = param.lengthPositions;
  const crc = role === 'crc' ? crcOf(param) : undefined;
  if (crc) spec.crc = crc;
  const defaultValue = interprete?.defaultValue;
  if (defaultValue !== undefined && defaultValue !== '') spec.defaultValue = typed(defaultValue, spec.value);
  return spec;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function copyNumbers(spec: Mutable<ParamSpec>, param: ParamModel): void {
  const interprete = param.interprete;
  if (!interprete) return;
  if (interprete.base !== undefined && interprete.base !== 10) spec.base = interprete.base;
  if (interprete.decimals !== undefined) spec.decimals = interprete.decimals;
  if (interprete.factor !== undefined && interprete.factor !== 1) spec.factor = interprete.factor;
  if (interprete.low !== undefined) spec.low = interprete.low;
  if (interprete.high !== undefined) spec.high = interprete.high;
}

function trimOf(trim: string | undefined): ParamSpec['trim'] {
  if (!trim) return undefined;
  const sides = new Set(trim.toLowerCase().split(';').map((side) => side.trim()));
  if (sides.has('left') && sides.has('right')) return 'both';
  if (sides.has('left')) return 'left';
  if (sides.has('right')) return 'right';
  return undefined;
}

/** A value as the param's type: numbers for double params (text kept when it is not a number). */
export function typed(value: string, kind: 'number' | 'string'): string | number {
  if (kind === 'string') return value;
  return parseNumber(value) ?? value;
}

/**
 * ParamModel → ParamSpec: the Interprete facts normalised for the codec, and every combination the
 * codec cannot encode or decode reported now (PG0040–PG0042) rather than discovered at run time.
 *
 *   <Interprete><RawType>other</RawType><LengthType>fixed</LengthType><Length>2</Length>
 *     <Value>0x0D0x0A</Value></Interprete>
 *   → { raw: 'other', lengthType: 'fixed', length: 2, constant: '0d0a' }
 */
import { supportedCrcTypes, type CrcType, type LengthType, type ParamRole, type ParamSpec, type RawType } from '@protogen-dm/runtime';
import type { DiagnosticBag } from './diagnostics.js';
import type { ParamModel } from './model.js';
import { parseNumber } from './read-util.js';
import { child, type Position } from './xml.js';

const rawTypes: readonly RawType[] = ['other', 'text', 'numeric text', 'unsigned number', 'signed number', 'double', 'bcd'];
const lengthTypes: readonly LengthType[] = ['fixed', 'next param', 'last next param', 'other param'];
const roles: readonly ParamRole[] = ['read', 'write', 'fixed', 'header', 'trailer', 'length', 'crc', 'dummy', 'bus'];
const constantRoles = new Set<ParamRole>(['fixed', 'header', 'trailer']);
/** Roles whose value is a constant or computed, so they never carry user data. */
export const structuralRoles = new Set<ParamRole>(['fixed', 'header', 'trailer', 'length', 'crc']);

export function roleOf(param: ParamModel): ParamRole {
  const role = param.role.toLowerCase() as ParamRole;
  return roles.includes(role) ? role : 'other';
}

/** Param value type: `Interprete/Type` double is a number, anything else a string. */
export function valueKind(param: ParamModel): 'number' | 'string' {
  return param.interprete?.type?.toLowerCase() === 'double' ? 'number' : 'string';
}

/**
 * Builds the spec of one param. `usedOnWire` params (in a command or response protogen runs) are
 * checked strictly; others only need to be typed.
 */
export function paramSpec(param: ParamModel, key: string, usedOnWire: boolean, bag: DiagnosticBag): ParamSpec {
  const interprete = param.interprete;
  const role = roleOf(param);
  const report = (code: 'PG0040' | 'PG0041' | 'PG0042' | 'PG0045', message: string, at = param.at): void => {
    if (usedOnWire) bag.report(code, at, `param ${param.id} "${param.name}": ${message}`);
  };
  // Point at the Interprete child a problem is about, else the Interprete, else the Param.
  const at = (...names: string[]): Position => {
    if (!interprete) return param.at;
    for (const name of names) {
      const found = child(interprete.at, name);
      if (found) return found;
    }
    return interprete.at;
  };
  for (const element of interprete?.unsupported ?? []) {
    report('PG0045', `Interprete/${element.name} is not applied: values are encoded and decoded without it`, element);
  }
  const raw = pick(interprete?.rawType ?? 'other', rawTypes, (value) => report('PG0040', `unknown RawType "${value}"`, at('RawType')));
  const lengthType = pick(interprete?.lengthType ?? 'next param', lengthTypes, (value) => report('PG0040', `unknown LengthType "${value}"`, at('LengthType')));
  const constant = constantRoles.has(role) ? constantHex(interprete?.value, (message) => report('PG0041', message, at('Value'))) : undefined;
  const length = interprete?.length ?? (lengthType === 'fixed' && constant !== undefined ? constant.length / 2 : undefined);
  checkLength(raw, lengthType, length, (code, message) => report(code, message, lengthType === 'fixed' ? at('Length', 'LengthType') : at('LengthType', 'RawType')));
  const spec: Mutable<ParamSpec> = { id: param.id, key, role, value: valueKind(param), raw, lengthType };
  if (length !== undefined) spec.length = length;
  if (lengthType === 'other param' && interprete?.lengthTypeId) spec.lengthParam = interprete.lengthTypeId.id;
  if (interprete?.times !== undefined) spec.times = interprete.times;
  if (constant !== undefined) spec.constant = constant;
  copyNumbers(spec, param);
  if (interprete?.endian?.toLowerCase() === 'big') spec.endian = 'big';
  const trim = trimOf(interprete?.trim);
  if (trim) spec.trim = trim;
  if (interprete?.filter) spec.filter = true;
  if (interprete && interprete.exceptions.length > 0) {
    spec.exceptions = interprete.exceptions.map((exception) => ({ match: exception.match, value: typed(exception.value, spec.value), display: exception.display }));
  }
  if (role === 'length' && param.lengthPositions) spec.lengthOf = param.lengthPositions;
  if (role === 'crc') addCrc(spec, param, report);
  const defaultValue = interprete?.defaultValue;
  if (defaultValue !== undefined && defaultValue !== '') spec.defaultValue = typed(defaultValue, spec.value);
  return spec;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function pick<T extends string>(value: string, allowed: readonly T[], unknown: (value: string) => void): T {
  const lower = value.trim().toLowerCase();
  const found = allowed.find((candidate) => candidate === lower);
  if (found !== undefined) return found;
  unknown(value);
  return allowed[0] as T;
}

function checkLength(raw: RawType, lengthType: LengthType, length: number | undefined, report: (code: 'PG0040', message: string) => void): void {
  if (lengthType === 'fixed' && (length === undefined || !Number.isInteger(length) || length < 1)) {
    report('PG0040', 'LengthType fixed needs a positive whole Length');
    return;
  }
  const actual = lengthType === 'fixed' ? `Length ${length}` : `LengthType ${lengthType}`;
  if (raw === 'double' && (lengthType !== 'fixed' || (length !== 4 && length !== 8))) {
    report('PG0040', `RawType double needs LengthType fixed with Length 4 or 8, not ${actual}`);
  } else if ((raw === 'unsigned number' || raw === 'signed number') && (lengthType !== 'fixed' || ![1, 2, 4, 8].includes(length ?? 0))) {
    report('PG0040', `RawType ${raw} needs LengthType fixed with Length 1, 2, 4 or 8, not ${actual}`);
  } else if (raw === 'bcd' && lengthType !== 'fixed') {
    report('PG0040', 'RawType bcd needs LengthType fixed');
  }
}

/** `0x0D0x0A` → `0d0a`; plain text → its UTF-8 bytes in hex. */
export function constantHex(value: string | undefined, fail: (message: string) => void): string | undefined {
  if (value === undefined || value === '') {
    fail('a fixed, header or trailer param needs an Interprete/Value');
    return undefined;
  }
  if (/^0x/i.test(value.trim())) {
    const trimmed = value.trim();
    if (!/^(0x[0-9a-f]{2})+$/i.test(trimmed)) {
      fail(`Value "${value}" is not a sequence of 0xHH bytes`);
      return undefined;
    }
    return trimmed.replace(/0x/gi, '').toLowerCase();
  }
  return Buffer.from(value, 'utf8').toString('hex');
}

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

function addCrc(spec: Mutable<ParamSpec>, param: ParamModel, report: (code: 'PG0042', message: string, at?: ParamModel['at']) => void): void {
  const crc = param.crcType;
  const type = crc?.type.toLowerCase();
  if (!crc || !supportedCrcTypes.includes(type as CrcType)) {
    report('PG0042', `CRC/Type "${crc?.type ?? ''}" is not supported (supported: ${supportedCrcTypes.join(', ')})`, crc?.at);
    return;
  }
  spec.crc = { type: type as CrcType, positions: param.crcPositions ?? [] };
}

/** A value as the param's type: numbers for double params (text kept when it is not a number). */
export function typed(value: string, kind: 'number' | 'string'): string | number {
  if (kind === 'string') return value;
  return parseNumber(value) ?? value;
}

/**
 * Property tests: for generated layouts (header, fixed and variable fields of every raw type,
 * delimiters, an optional length and crc, trailer) and generated values, `match(build(values))`
 * gives the values back and building again gives the same bytes; `match` never throws on mutated or
 * random bytes; a CRC-16 catches every single-byte change of an all-fixed frame.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCodec, type FrameCodec } from '@protogen-dm/runtime/codec';
import { supportedCrcTypes, type CrcType, type ParamSpec } from '@protogen-dm/runtime';
import { compileLayout } from '../../runtime/src/codec/layout.js';
import { createUnguardedMatcher } from '../../runtime/src/codec/matcher.js';
import { protocol } from './helpers.js';

const RUNS = { seed: 42, numRuns: 200 } as const;

type Shape = Omit<ParamSpec, 'id' | 'key'>;

/** A data field: its param shape and the values it can carry (all of which decode back unchanged). */
interface FieldDef {
  readonly shape: Shape;
  readonly value: fc.Arbitrary<string | number>;
  readonly variable: boolean;
}

// Delimiters never occur in generated variable-length data.
const delimiters = [',', ';', '|', '\r\n', '>', '#', '::'];
const plainChars = [...'abcXYZ0189 .-?!'];
const otherChars = [...plainChars, 'é', '€', '"', '{', '}'];
const chars = (set: readonly string[], max: number, min = 0): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...set), { minLength: min, maxLength: max }).map((list) => list.join(''));

const int = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min, max });
const hexOf = (text: string): string => Buffer.from(text, 'latin1').toString('hex');

const fixedFields: readonly fc.Arbitrary<FieldDef>[] = [
  fc.record({ length: fc.constantFrom(1, 2, 3, 4, 6, 8), big: fc.boolean() }).map(({ length, big }) => ({
    shape: { role: 'read', value: 'number', raw: 'unsigned number', lengthType: 'fixed', length, ...(big ? { endian: 'big' } : {}) },
    value: int(0, Math.min(2 ** (8 * length), 2 ** 53) - 1),
    variable: false,
  })),
  fc.record({ length: fc.constantFrom(1, 2, 4, 8), big: fc.boolean() }).map(({ length, big }) => {
    const half = Math.min(2 ** (8 * length - 1), 2 ** 53);
    return { shape: { role: 'read', value: 'number', raw: 'signed number', lengthType: 'fixed', length, ...(big ? { endian: 'big' } : {}) }, value: int(-half, half - 1), variable: false };
  }),
  fc.boolean().map((big) => ({
    shape: { role: 'read', value: 'number', raw: 'double', lengthType: 'fixed', length: 8, ...(big ? { endian: 'big' } : {}) },
    value: int(-1e9, 1e9).map((n) => n / 1000),
    variable: false,
  })),
  fc.boolean().map((big) => ({
    shape: { role: 'read', value: 'number', raw: 'double', lengthType: 'fixed', length: 4, ...(big ? { endian: 'big' } : {}) },
    value: int(-(2 ** 20), 2 ** 20).map((n) => n / 8),
    variable: false,
  })),
  int(1, 4).map((length) => ({ shape: { role: 'read', value: 'number', raw: 'bcd', lengthType: 'fixed', length }, value: int(0, 10 ** (2 * length) - 1), variable: false })),
  int(1, 6).map((length) => ({
    shape: { role: 'read', value: 'number', raw: 'numeric text', lengthType: 'fixed', length },
    value: int(-(10 ** (length - 1)) + 1, 10 ** length - 1),
    variable: false,
  })),
  int(1, 8).map((length) => ({ shape: { role: 'read', value: 'string', raw: 'other', lengthType: 'fixed', length }, value: chars(plainChars, length, length), variable: false })),
  int(1, 8).map((length) => ({
    shape: { role: 'read', value: 'string', raw: 'text', lengthType: 'fixed', length, trim: 'right' },
    value: chars(plainChars.filter((c) => c !== ' '), length),
    variable: false,
  })),
  fc.constant<FieldDef>({
    shape: { role: 'read', value: 'number', raw: 'signed number', lengthType: 'fixed', length: 2, endian: 'big', factor: 0.1, decimals: 1 },
    value: int(-32768, 32767).map((n) => n / 10),
    variable: false,
  }),
];

const variableFields: readonly fc.Arbitrary<FieldDef>[] = [
  fc.constant<FieldDef>({ shape: { role: 'read', value: 'string', raw: 'other', lengthType: 'next param' }, value: chars(otherChars, 10), variable: true }),
  fc.constant<FieldDef>({ shape: { role: 'read', value: 'string', raw: 'text', lengthType: 'next param' }, value: chars(plainChars, 10), variable: true }),
  fc.constant<FieldDef>({
    shape: { role: 'read', value: 'number', raw: 'numeric text', lengthType: 'next param' },
    value: fc.oneof(int(-1e12, 1e12), int(-1e8, 1e8).map((n) => n / 100)),
    variable: true,
  }),
  fc.constantFrom(2, 8, 16, 36).map((base) => ({ shape: { role: 'read', value: 'number', raw: 'numeric text', lengthType: 'next param', base }, value: int(-1e9, 1e9), variable: true })),
];

type CrcShape = Omit<ParamSpec, 'id' | 'key' | 'crc'> & { readonly crcType: CrcType };

const crcShapes: fc.Arbitrary<CrcShape> = fc.oneof(
  fc.record({ crcType: fc.constantFrom<CrcType>('sum', 'exor', '2comp'), big: fc.boolean() }).map(({ crcType, big }): CrcShape => ({
    crcType,
    role: 'crc',
    value: 'number',
    raw: 'unsigned number',
    lengthType: 'fixed',
    length: 1,
    ...(big ? { endian: 'big' } : {}),
  })),
  fc.record({ crcType: fc.constantFrom(...supportedCrcTypes), big: fc.boolean() }).map(({ crcType, big }): CrcShape => ({
    crcType,
    role: 'crc',
    value: 'number',
    raw: 'unsigned number',
    lengthType: 'fixed',
    length: 2,
    ...(big ? { endian: 'big' } : {}),
  })),
  fc.constantFrom(...supportedCrcTypes).map((crcType): CrcShape => ({ crcType, role: 'crc', value: 'number', raw: 'numeric text', lengthType: 'fixed', length: 4, base: 16 })),
  fc.constantFrom<CrcType>('sum', 'exor', '2comp').map((crcType): CrcShape => ({ crcType, role: 'crc', value: 'number', raw: 'numeric text', lengthType: 'fixed', length: 2, base: 16 })),
);

const lengthShapes: fc.Arbitrary<Shape> = fc.constantFrom<Shape>(
  { role: 'length', value: 'number', raw: 'unsigned number', lengthType: 'fixed', length: 2, endian: 'big' },
  { role: 'length', value: 'number', raw: 'unsigned number', lengthType: 'fixed', length: 2 },
  { role: 'length', value: 'number', raw: 'numeric text', lengthType: 'fixed', length: 4 },
);

interface Plan {
  readonly header: string | null;
  readonly fields: readonly FieldDef[];
  readonly separators: readonly string[];
  readonly closeLast: boolean;
  readonly length: Shape | null;
  readonly countAll: boolean;
  readonly crc: CrcShape | null;
  readonly crcCovers: readonly boolean[];
  readonly trailer: string | null;
}

const plans: fc.Arbitrary<Plan> = fc.record({
  header: fc.option(fc.constantFrom('<', '\u0002', 'AB')),
  fields: fc.array(fc.oneof(...fixedFields, ...variableFields), { minLength: 1, maxLength: 6 }),
  separators: fc.array(fc.constantFrom(...delimiters), { minLength: 6, maxLength: 6 }),
  closeLast: fc.boolean(),
  length: fc.option(lengthShapes),
  countAll: fc.boolean(),
  crc: fc.option(crcShapes),
  crcCovers: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
  trailer: fc.option(fc.constantFrom(...delimiters)),
});

interface Built {
  readonly codec: FrameCodec;
  /** The same frame's matcher without the codec's catch-all, so "never throws" can fail. */
  readonly unguarded: (bytes: Uint8Array) => unknown;
  readonly keys: readonly string[];
  readonly values: fc.Arbitrary<Record<string, string | number>>;
  readonly allFixed: boolean;
}

/** Lays a plan out as params (ids in order) and the arbitrary of its values. */
function layOut(plan: Plan): Built {
  const params: ParamSpec[] = [];
  const add = (shape: Shape | ParamSpec): ParamSpec => {
    const id = params.length + 1;
    const param = { ...shape, id, key: `p${id}` } as ParamSpec;
    params.push(param);
    return param;
  };
  const constant = (text: string, role: ParamSpec['role'] = 'fixed'): ParamSpec =>
    add({ role, value: 'string', raw: 'other', lengthType: 'fixed', length: Buffer.byteLength(text, 'latin1'), constant: hexOf(text) });
  if (plan.header !== null) constant(plan.header, 'header');
  const lengthParam = plan.length === null ? undefined : add(plan.length);
  const dataKeys: { key: string; value: fc.Arbitrary<string | number> }[] = [];
  const dataPositions: number[] = [];
  plan.fields.forEach((field, i) => {
    const param = add(field.shape);
    dataPositions.push(params.length - 1);
    dataKeys.push({ key: param.key, value: field.value });
    const last = i === plan.fields.length - 1;
    if (field.variable && (!last || plan.closeLast)) {
      constant(plan.separators[i] ?? ',');
    }
  });
  if (plan.crc !== null) {
    const { crcType, ...shape } = plan.crc;
    const positions = params.map((_, position) => position).filter((position) => plan.crcCovers[position] === true);
    add({ ...shape, crc: { type: crcType, positions } });
  }
  if (plan.trailer !== null) constant(plan.trailer, 'trailer');
  if (lengthParam !== undefined && !plan.countAll) {
    const index = params.indexOf(lengthParam);
    params[index] = { ...lengthParam, lengthOf: dataPositions };
  }
  const codec = createCodec(protocol(params)).command(1);
  const values = fc.record(Object.fromEntries(dataKeys.map(({ key, value }) => [key, value])));
  const unguarded = createUnguardedMatcher(compileLayout('command 1', params));
  return { codec, unguarded, keys: dataKeys.map(({ key }) => key), values, allFixed: plan.fields.every((field) => !field.variable) };
}

const cases = plans.chain((plan) => {
  const built = layOut(plan);
  return fc.tuple(fc.constant(built), built.values);
});

describe('build → match round trips', () => {
  it('match(build(values)) gives the values back, and building again gives the same bytes', () => {
    fc.assert(
      fc.property(cases, ([{ codec }, values]) => {
        const bytes = codec.build(values);
        const matched = codec.match(bytes);
        expect(matched).toEqual(values);
        expect(codec.build(matched ?? {})).toEqual(bytes);
      }),
      RUNS,
    );
  });

  it('match never throws on a frame with one byte changed, removed or added', () => {
    const edits = fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), kind: fc.constantFrom('change', 'remove', 'add') });
    fc.assert(
      fc.property(cases, edits, ([{ codec, unguarded }, values], { at, byte, kind }) => {
        const bytes = [...codec.build(values)];
        const index = bytes.length === 0 ? 0 : at % bytes.length;
        if (kind === 'change') bytes[index] = byte;
        else if (kind === 'remove') bytes.splice(index, 1);
        else bytes.splice(index, 0, byte);
        expect(() => unguarded(Uint8Array.from(bytes))).not.toThrow();
      }),
      RUNS,
    );
  });

  it('a frame matched in place, amid other bytes, matches as it does alone (edited frames too)', () => {
    const edits = fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), kind: fc.constantFrom('none', 'change', 'remove', 'add') });
    const around = fc.uint8Array({ maxLength: 12 });
    fc.assert(
      fc.property(cases, edits, around, around, ([{ codec }, values], { at, byte, kind }, before, after) => {
        const bytes = [...codec.build(values)];
        const index = bytes.length === 0 ? 0 : at % bytes.length;
        if (kind === 'change') bytes[index] = byte;
        else if (kind === 'remove') bytes.splice(index, 1);
        else if (kind === 'add') bytes.splice(index, 0, byte);
        const alone = codec.match(Uint8Array.from(bytes));
        const amid = Uint8Array.from([...before, ...bytes, ...after]);
        expect(codec.match(amid, before.length, before.length + bytes.length)).toEqual(alone);
      }),
      RUNS,
    );
  });

  it('match never throws on random bytes', () => {
    fc.assert(
      fc.property(plans, fc.uint8Array({ maxLength: 64 }), (plan, bytes) => {
        expect(() => layOut(plan).unguarded(bytes)).not.toThrow();
      }),
      RUNS,
    );
  });
});

describe('CRC-16 over an all-fixed frame', () => {
  it('every single-byte change is rejected', () => {
    const frames = fc
      .record({
        fields: fc.array(fc.oneof(...fixedFields), { minLength: 1, maxLength: 5 }),
        type: fc.constantFrom<CrcType>('crc16', 'crc-ccitt', 'modbus'),
      })
      .chain(({ fields, type }) => {
        const params: ParamSpec[] = fields.map((field, i) => ({ ...field.shape, id: i + 1, key: `p${i + 1}` }) as ParamSpec);
        params.push({ id: 99, key: 'crc', role: 'crc', value: 'number', raw: 'unsigned number', lengthType: 'fixed', length: 2, crc: { type, positions: fields.map((_, i) => i) } });
        const codec = createCodec(protocol(params)).command(1);
        return fc.tuple(fc.constant(codec), fc.tuple(...fields.map((field) => field.value)), fc.nat(), fc.integer({ min: 1, max: 255 }));
      });
    fc.assert(
      fc.property(frames, ([codec, list, at, flip]) => {
        const values = Object.fromEntries(list.map((value, i) => [`p${i + 1}`, value]));
        const bytes = codec.build(values);
        const changed = Uint8Array.from(bytes);
        const index = at % changed.length;
        changed[index] = (changed[index] ?? 0) ^ flip;
        expect(codec.match(bytes)).toEqual(values);
        expect(codec.match(changed)).toBeUndefined();
      }),
      RUNS,
    );
  });
});

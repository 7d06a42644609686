/**
 * Property test of the values object a match returns. The matcher grows it key by key in frame
 * order, one store site per position, leaving out omitted values (a blank number is left out, its
 * key absent). It must give what a plain reference gives: the decoded fields in frame order, a
 * repeated param's key where it first occurs holding its last value, no key for an omitted value,
 * on one matcher reused across frames that match and frames that do not.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '@protogen-dm/runtime';
import { compileLayout } from '../../runtime/src/codec/layout.js';
import { createUnguardedMatcher } from '../../runtime/src/codec/matcher.js';
import { data, fixed } from './helpers.js';

const RUNS = { seed: 7, numRuns: 300 } as const;

/** A field of the frame: its param, and what one frame carries in it (`undefined`: blank). */
interface FieldCase {
  readonly param: ParamSpec;
  readonly value: fc.Arbitrary<string | number | undefined>;
}

const text = fc.array(fc.constantFrom(...'abcXYZ019 .-'), { maxLength: 12 }).map((list) => list.join(''));

// A number field decodes blank text as "no value"; a string field decodes it as ''.
const fieldCase = (id: number): fc.Arbitrary<FieldCase> =>
  fc.constantFrom<FieldCase>(
    { param: data(id, { value: 'number', raw: 'numeric text' }), value: fc.option(fc.integer({ min: -999, max: 9999 }), { nil: undefined }) },
    { param: data(id), value: text },
  );

/** The frame of `values` (one per field in `order`), and the object a match should return. */
function frameOf(order: readonly FieldCase[], values: readonly (string | number | undefined)[]): { bytes: Uint8Array; expected: Record<string, unknown> } {
  const expected: Record<string, unknown> = {};
  const parts = order.map(({ param }, index) => {
    const value = values[index];
    if (value !== undefined) expected[param.key] = value;
    return value === undefined ? '' : String(value);
  });
  return { bytes: Uint8Array.from(Buffer.from(`<${parts.join(',')}>`, 'latin1')), expected };
}

const layoutCase = fc
  .array(fieldCase(0), { minLength: 1, maxLength: 6 })
  .chain((kinds) => {
    const fields = kinds.map((kind, index) => ({ ...kind, param: { ...kind.param, id: 10 + index, key: `p${10 + index}` } }));
    // A param may occur again later in the frame (same key).
    return fc.array(fc.nat(fields.length - 1), { minLength: fields.length, maxLength: fields.length + 2 }).map((picks) => picks.map((pick) => fields[pick] as FieldCase));
  })
  .chain((order) =>
    fc.record({
      order: fc.constant(order),
      frames: fc.array(fc.record({ values: fc.tuple(...order.map((field) => field.value)), broken: fc.boolean() }), { minLength: 1, maxLength: 8 }),
    }),
  );

describe('values object of a match', () => {
  it('equals the reference object, key order included, frame after frame on one matcher', () => {
    fc.assert(
      fc.property(layoutCase, ({ order, frames }) => {
        const open = fixed(1, '<');
        const comma = fixed(2, ',');
        const close = fixed(3, '>');
        const params = order.flatMap(({ param }, index) => (index === 0 ? [param] : [comma, param]));
        const match = createUnguardedMatcher(compileLayout('response 1', [open, ...params, close]));
        for (const { values, broken } of frames) {
          const { bytes, expected } = frameOf(order, values);
          const actual = match(broken ? bytes.subarray(0, bytes.length - 1) : bytes);
          if (broken) {
            expect(actual).toBeUndefined();
            continue;
          }
          expect(actual).toStrictEqual(expected);
          expect(Object.keys(actual ?? {})).toEqual(Object.keys(expected));
        }
      }),
      RUNS,
    );
  });
});

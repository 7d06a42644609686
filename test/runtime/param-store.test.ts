// The param store (runtime/src/param-store.ts) keeps one slot per key (value and listeners, one lookup
// per stored value). Property: any sequence of stores, sets, subscriptions and unsubscriptions gives
// the values, snapshots and notifications of a plain model of two maps.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Params } from '../../runtime/src/param-store.js';
import type { ParamSpec } from '../../runtime/src/spec.js';

const KEYS = ['a', 'b', 'c'] as const;
const spec = (key: string, defaultValue?: number): ParamSpec =>
  ({ id: key.charCodeAt(0), key, role: 'read', value: 'number', raw: 'other', lengthType: 'next param', ...(defaultValue === undefined ? {} : { defaultValue }) }) as ParamSpec;

type Op =
  | { op: 'store'; key: string; value: number | string | undefined }
  | { op: 'set'; key: string; value: number | undefined }
  | { op: 'on'; key: string }
  | { op: 'off'; index: number };

const key = fc.constantFrom(...KEYS);
const value = fc.oneof(fc.constantFrom(1, 2, Number.NaN, 0, -0, 'x'), fc.constant(undefined));
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('store' as const), key, value }),
  fc.record({ op: fc.constant('set' as const), key, value: fc.constantFrom(1, 2, undefined) }),
  fc.record({ op: fc.constant('on' as const), key }),
  fc.record({ op: fc.constant('off' as const), index: fc.nat({ max: 6 }) }),
);

describe('Params', () => {
  it('property: values, snapshots and notifications equal a plain two-map model', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const errors: unknown[] = [];
        const params = new Params<Record<string, unknown>, 'main'>([spec('a', 7), spec('b'), spec('c')], { report: (e) => errors.push(e) });
        const model = new Map<string, unknown>([['a', 7]]);
        const modelListeners: { key: string; id: number; live: boolean }[] = [];
        const offs: (() => void)[] = [];
        const seen: unknown[] = [];
        const expected: unknown[] = [];
        const write = (k: string, v: unknown, connection: 'main' | undefined, responseId: number | undefined): void => {
          const previous = model.get(k);
          model.set(k, v);
          for (const l of modelListeners) if (l.live && l.key === k) expected.push([l.id, v, { changed: !Object.is(previous, v), previous, connection, responseId }]);
        };
        for (const step of ops) {
          if (step.op === 'store') {
            if (step.value !== undefined) params.storeAll({ [step.key]: step.value }, 'main', 3);
            if (step.value !== undefined) write(step.key, step.value, 'main', 3);
          } else if (step.op === 'set') {
            params.set(step.key, step.value);
            write(step.key, step.value, undefined, undefined);
          } else if (step.op === 'on') {
            const id = modelListeners.length;
            modelListeners.push({ key: step.key, id, live: true });
            offs.push(params.on(step.key, (v, info) => void seen.push([id, v, info])));
          } else if (offs[step.index] !== undefined) {
            offs[step.index]?.();
            const listener = modelListeners[step.index];
            if (listener !== undefined) listener.live = false;
          }
          for (const k of KEYS) expect(params.get(k)).toBe(model.get(k));
          expect(params.snapshot()).toEqual(Object.fromEntries(model));
          expect(Object.keys(params.snapshot()).sort()).toEqual([...model.keys()].sort());
        }
        expect(seen).toEqual(expected);
        expect(errors).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});

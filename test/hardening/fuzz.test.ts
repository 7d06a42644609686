/**
 * Property tests (fast-check, fixed seeds): the samples' XML mutated — elements dropped, duplicated,
 * swapped, moved and renamed, attributes dropped, copied and rewritten, text replaced by awkward values,
 * then bytes flipped, inserted, cut, BOMs added, re-encoded as UTF-16 — and random bytes. The generator
 * never throws; an input with errors has an error diagnostic and no files; every diagnostic is one line
 * at a real position. (A sample of the distinct outputs is type-checked by test/typecheck.test.ts.)
 * `npm run fuzz` runs the same properties for tens of thousands of inputs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generate, type GenerateResult } from '@protogen-dm/generator';
import { corpus, damage, damageBytes, mutate, mutation, pick, STRUCTURE_SEED, structureMutated } from './fuzz-inputs.js';

/** Lines of the input as the generator decodes it: an upper bound for any diagnostic's line. */
function lineCount(bytes: Uint8Array): number {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  return new TextDecoder(encoding).decode(bytes).split(/\r\n|\r|\n/).length;
}

/** What every result must satisfy, whatever the input. */
function checkResult(result: GenerateResult, bytes: Uint8Array): void {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.ok) {
    expect(errors).toEqual([]);
    expect(result.files).toHaveLength(1);
  } else {
    expect(errors.length).toBeGreaterThan(0);
    expect(result.files).toEqual([]);
  }
  const lines = lineCount(bytes);
  for (const d of result.diagnostics) {
    expect(d.code).toMatch(/^PG\d{4}$/);
    expect(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 1).toBe(true);
    expect(d.message).not.toMatch(/[\n\r\u2028\u2029]/);
  }
}

/**
 * CI runs 1 600 inputs. `npm run fuzz` runs the same properties longer: PROTOGEN_FUZZ_SCALE multiplies
 * the runs (and the outputs type-checked), PROTOGEN_FUZZ_SEED shifts every seed.
 */
const scale = Math.max(1, Number(process.env['PROTOGEN_FUZZ_SCALE'] ?? 1));
const seedShift = Number(process.env['PROTOGEN_FUZZ_SEED'] ?? 0);
const runs = (n: number): number => Math.round(n * scale);

/** One property's inputs: how many generated and how many were rejected. */
class FuzzRun {
  inputs = 0;
  generated = 0;
  rejected = 0;

  one(file: string, bytes: Uint8Array): void {
    let result: GenerateResult;
    try {
      result = generate([{ file, contents: bytes }]);
    } catch (error) {
      throw new Error(`generate() threw on a ${bytes.length}-byte input: ${error instanceof Error ? error.stack : String(error)}`);
    }
    this.inputs++;
    if (result.ok) this.generated++;
    else this.rejected++;
    checkResult(result, bytes);
  }
}

describe('fuzzing the generator (fast-check, fixed seeds)', () => {
  it('mutated samples: structure only (well-formed XML that reaches the checks and emitters)', () => {
    const fuzz = new FuzzRun();
    fc.assert(
      fc.property(structureMutated, ({ file, bytes }) => fuzz.one(file, bytes)),
      { seed: STRUCTURE_SEED + seedShift, numRuns: runs(700) },
    );
    expect(fuzz.inputs).toBe(runs(700));
    expect(fuzz.generated).toBeGreaterThan(runs(100));
    expect(fuzz.rejected).toBeGreaterThan(runs(100));
  }, 60_000 * scale);

  it('mutated samples: structure, then damaged bytes', () => {
    const fuzz = new FuzzRun();
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { maxLength: 4 }), fc.array(damage, { minLength: 1, maxLength: 3 }), (sample, mutations, damages) => {
        const seed = pick(corpus, sample);
        fuzz.one(`fuzz-${seed.name}`, damageBytes(mutate(seed.text, mutations), damages));
      }),
      { seed: 7 + seedShift, numRuns: runs(400) },
    );
    expect(fuzz.inputs).toBe(runs(400));
    // Damaged bytes mostly break the XML; some damage lands in text and still generates.
    expect(fuzz.generated).toBeGreaterThan(runs(10));
    expect(fuzz.rejected).toBeGreaterThan(runs(300));
  });

  it('random bytes and random XML-ish text', () => {
    const xmlish = fc
      .array(fc.constantFrom('<Protocol>', '</Protocol>', '<Name>', '</Name>', '<Param id="1">', '</Param>', '<!DOCTYPE x>', '&amp;', '&', '<![CDATA[', ']]>', '<!--', '-->', '"', 'x', ' ', '\n'), { maxLength: 40 })
      .map((parts) => new TextEncoder().encode(parts.join('')));
    const fuzz = new FuzzRun();
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), xmlish), (bytes) => fuzz.one('random.xml', bytes)),
      { seed: 42 + seedShift, numRuns: runs(500) },
    );
    expect(fuzz.inputs).toBe(runs(500));
    expect(fuzz.rejected).toBe(runs(500));
  });
});

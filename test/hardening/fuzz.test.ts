/**
 * Property tests (fast-check, fixed seeds): the samples' XML mutated — elements dropped, duplicated,
 * swapped, moved and renamed, attributes dropped, copied and rewritten, text replaced by awkward values,
 * then bytes flipped, inserted, cut, BOMs added, re-encoded as UTF-16 — and random bytes. The generator
 * never throws; an input with errors has an error diagnostic and no files; every diagnostic is one line
 * at a real position; and a sample of the distinct outputs type-checks under the strict settings.
 * `npm run fuzz` runs the same properties for tens of thousands of inputs.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, XMLSerializer, type Element, type Node } from '@xmldom/xmldom';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { typecheckFiles } from '../helpers/typecheck.js';
import { generate, type GenerateResult } from '@protogen-dm/generator';
import { repoRoot } from '../generator/helpers.js';

/** Samples and well-formed hostile fixtures: the seeds every mutation starts from. */
const corpus = [
  ...readdirSync(join(repoRoot, 'samples')).filter((name) => name.endsWith('.xml')).map((name) => join(repoRoot, 'samples', name)),
  ...['hostile-names.xml', 'doctype-unused.xml', 'ids-warned.xml', 'dangling-references.xml'].map((name) => join(repoRoot, 'test/fixtures/hostile', name)),
]
  .sort()
  .map((path) => ({ name: path.slice(path.lastIndexOf('/') + 1), text: readFileSync(path, 'utf8') }));

const awkward = [
  '', ' ', '0', '-1', '01', '1.5', '1e400', '4294967296', '99999999999999999999', '4K', '0x', '0xZZ', '0x0D0x0A',
  'true', 'text', 'fixed', 'next param', 'double', 'discreet', 'header', 'trailer', 'length', 'crc', 'other param',
  'connection:1', 'Connection:99', 'retries:x', 'dynamic ip 7', '*/ x /*', "'); x; ('", '${x}', '`', '\\', 'a\u2028b',
  '\u202e', '🎉', '__proto__', 'constructor', 'then', 'class',
];

type Mutation =
  | { readonly op: 'drop' | 'duplicate'; readonly a: number }
  | { readonly op: 'swap' | 'move' | 'rename' | 'dropAttribute'; readonly a: number; readonly b: number }
  | { readonly op: 'copyAttribute'; readonly a: number; readonly b: number; readonly c: number }
  | { readonly op: 'text'; readonly a: number; readonly text: string }
  | { readonly op: 'setAttribute'; readonly a: number; readonly b: number; readonly text: string };

type Damage =
  | { readonly op: 'flip'; readonly at: number; readonly byte: number }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly op: 'cut'; readonly at: number; readonly length: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'boms'; readonly count: number }
  | { readonly op: 'utf16'; readonly bigEndian: boolean };

const nat = fc.nat();
const text = fc.oneof(fc.constantFrom(...awkward), fc.string({ maxLength: 12 }));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('drop' as const, 'duplicate' as const), a: nat }),
  fc.record({ op: fc.constantFrom('swap' as const, 'move' as const, 'rename' as const, 'dropAttribute' as const), a: nat, b: nat }),
  fc.record({ op: fc.constant('copyAttribute' as const), a: nat, b: nat, c: nat }),
  fc.record({ op: fc.constant('text' as const), a: nat, text }),
  fc.record({ op: fc.constant('setAttribute' as const), a: nat, b: nat, text }),
);
const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: nat, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at: nat, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('cut' as const), at: nat, length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: nat }),
  fc.record({ op: fc.constant('boms' as const), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constant('utf16' as const), bigEndian: fc.boolean() }),
);

const pick = <T>(list: readonly T[], index: number): T => list[index % list.length] as T;

function contains(ancestor: Node, node: Node | null): boolean {
  for (let current = node; current; current = current.parentNode) if (current === ancestor) return true;
  return false;
}

/** Applies `mutations` to a parsed copy of `xml`; returns the serialised document. */
function mutate(xml: string, mutations: readonly Mutation[]): string {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  for (const m of mutations) {
    const all = Array.from(doc.getElementsByTagName('*')).filter((element) => element !== root);
    if (all.length === 0) break;
    const a = pick(all, m.a);
    const b = 'b' in m ? pick(all, m.b) : undefined;
    switch (m.op) {
      case 'drop':
        a.parentNode?.removeChild(a);
        break;
      case 'duplicate':
        a.parentNode?.insertBefore(a.cloneNode(true), a.nextSibling);
        break;
      case 'swap':
        if (b && !contains(a, b) && !contains(b, a)) {
          const marker = doc.createComment('swap');
          b.parentNode?.replaceChild(marker, b);
          a.parentNode?.replaceChild(b, a);
          marker.parentNode?.replaceChild(a, marker);
        }
        break;
      case 'move':
        if (b && !contains(a, b)) b.appendChild(a);
        break;
      case 'rename':
        if (b) {
          const renamed = doc.createElementNS(a.namespaceURI, b.tagName);
          for (const attribute of Array.from(a.attributes)) renamed.setAttribute(attribute.name, attribute.value);
          while (a.firstChild) renamed.appendChild(a.firstChild);
          a.parentNode?.replaceChild(renamed, a);
        }
        break;
      case 'text':
        while (a.firstChild) a.removeChild(a.firstChild);
        a.appendChild(doc.createTextNode(m.text));
        break;
      case 'dropAttribute': {
        const attributes = Array.from(a.attributes);
        if (attributes.length > 0) a.removeAttribute(pick(attributes, m.b).name);
        break;
      }
      case 'copyAttribute': {
        const attributes = Array.from(a.attributes);
        if (attributes.length > 0) {
          const attribute = pick(attributes, m.b);
          pick<Element>(all, m.c).setAttribute(attribute.name, attribute.value);
        }
        break;
      }
      case 'setAttribute': {
        const attributes = Array.from(a.attributes);
        a.setAttribute(attributes.length > 0 ? pick(attributes, m.b).name : pick(['id', 'options', 'name', 'timeout'], m.b), m.text);
        break;
      }
    }
  }
  return new XMLSerializer().serializeToString(doc);
}

function damageBytes(xml: string, damages: readonly Damage[]): Uint8Array {
  let bytes = Buffer.from(xml, 'utf8');
  for (const d of damages) {
    const at = 'at' in d && bytes.length > 0 ? d.at % bytes.length : 0;
    switch (d.op) {
      case 'flip':
        if (bytes.length > 0) bytes[at] = d.byte;
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(d.bytes), bytes.subarray(at)]);
        break;
      case 'cut':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + d.length)]);
        break;
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
      case 'boms':
        bytes = Buffer.concat([...Array.from({ length: d.count }, () => Buffer.from([0xef, 0xbb, 0xbf])), bytes]);
        break;
      case 'utf16': {
        const units = Buffer.from(bytes.toString('utf8'), 'utf16le');
        if (d.bigEndian) units.swap16();
        bytes = Buffer.concat([Buffer.from(d.bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), units]);
        break;
      }
    }
  }
  return new Uint8Array(bytes);
}

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

/** Keeps at most this many distinct outputs to type-check. */
const keepAtMost = runs(40);

/** One property's inputs: how many generated or were rejected, and distinct outputs to type-check. */
class FuzzRun {
  inputs = 0;
  generated = 0;
  rejected = 0;
  readonly outputs = new Map<string, string>();

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
    const [output] = result.files;
    if (output !== undefined && this.outputs.size < keepAtMost) {
      this.outputs.set(createHash('sha256').update(output.contents).digest('hex').slice(0, 16), output.contents);
    }
  }
}

describe('fuzzing the generator (fast-check, fixed seeds)', () => {
  it('mutated samples: structure only (well-formed XML that reaches the checks and emitters); the distinct outputs type-check (TypeScript 6)', async () => {
    const fuzz = new FuzzRun();
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 6 }), (sample, mutations) => {
        const seed = pick(corpus, sample);
        fuzz.one(`fuzz-${seed.name}`, new TextEncoder().encode(mutate(seed.text, mutations)));
      }),
      { seed: 20_260_701 + seedShift, numRuns: runs(700) },
    );
    expect(fuzz.inputs).toBe(runs(700));
    expect(fuzz.generated).toBeGreaterThan(runs(100));
    expect(fuzz.rejected).toBeGreaterThan(runs(100));
    expect(fuzz.outputs.size).toBe(keepAtMost);
    const files = new Map([...fuzz.outputs].map(([hash, contents]) => [`out-${hash}.ts`, contents]));
    expect(await typecheckFiles('fuzz-test', files)).toEqual({ stdout: '', code: 0 });
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

/**
 * What the generator's fuzz properties feed it: the sample fixtures and well-formed hostile fixtures as
 * seeds, structural mutations of their XML (elements dropped, duplicated, swapped, moved and renamed,
 * attributes dropped, copied and rewritten, text replaced by awkward values) and byte damage (flips,
 * inserts, cuts, BOMs, UTF-16). Shared by test/hardening/fuzz.test.ts and the one type-check run
 * (test/typecheck.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, XMLSerializer, type Element, type Node } from '@xmldom/xmldom';
import fc from 'fast-check';
import { repoRoot } from '../generator/helpers.js';

/** Samples and well-formed hostile fixtures: the seeds every mutation starts from. */
export const corpus = [
  ...readdirSync(join(repoRoot, 'samples'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(repoRoot, 'samples', entry.name, 'protocol.xml')),
  ...['hostile-names.xml', 'doctype-unused.xml', 'ids-warned.xml', 'dangling-references.xml'].map((name) => join(repoRoot, 'test/fixtures/hostile', name)),
]
  .sort()
  .map((path) => ({ name: path.slice(repoRoot.length).replaceAll('/', '-'), text: readFileSync(path, 'utf8') }));

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
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('drop' as const, 'duplicate' as const), a: nat }),
  fc.record({ op: fc.constantFrom('swap' as const, 'move' as const, 'rename' as const, 'dropAttribute' as const), a: nat, b: nat }),
  fc.record({ op: fc.constant('copyAttribute' as const), a: nat, b: nat, c: nat }),
  fc.record({ op: fc.constant('text' as const), a: nat, text }),
  fc.record({ op: fc.constant('setAttribute' as const), a: nat, b: nat, text }),
);
export const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: nat, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at: nat, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('cut' as const), at: nat, length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: nat }),
  fc.record({ op: fc.constant('boms' as const), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constant('utf16' as const), bigEndian: fc.boolean() }),
);

export const pick = <T>(list: readonly T[], index: number): T => list[index % list.length] as T;

function contains(ancestor: Node, node: Node | null): boolean {
  for (let current = node; current; current = current.parentNode) if (current === ancestor) return true;
  return false;
}

/** Applies `mutations` to a parsed copy of `xml`; returns the serialised document. */
export function mutate(xml: string, mutations: readonly Mutation[]): string {
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

export function damageBytes(xml: string, damages: readonly Damage[]): Uint8Array {
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

/** The seed of the structure-only property: the type-check run draws the same kind of inputs with it. */
export const STRUCTURE_SEED = 20_260_701;

/** A sample or hostile fixture with one to six structural mutations: well-formed XML that reaches the checks. */
export const structureMutated: fc.Arbitrary<{ readonly file: string; readonly bytes: Uint8Array }> = fc
  .tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([sample, mutations]) => {
    const seed = pick(corpus, sample);
    return { file: `fuzz-${seed.name}`, bytes: new TextEncoder().encode(mutate(seed.text, mutations)) };
  });

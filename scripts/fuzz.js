// Long fuzz run of the generator (the CI version is test/hardening/fuzz.test.ts).
//
//   npm run build && node scripts/fuzz.js [--runs 20000] [--seed 1] [--tsc 200]
//
// Mutates the XML of samples/*.xml and test/fixtures/hostile/*.xml with fast-check (fixed seed, so a run
// can be repeated): drops, duplicates, swaps and moves elements, drops, copies and rewrites attributes,
// replaces text with awkward values, renames elements, then damages the bytes (flips, inserts, cuts, BOMs,
// UTF-16). Each input goes through `generate()` from dist/. A run fails, printing the shrunk input and
// writing the last failing one to test/.scratch-fuzz-failure/input.xml, when the generator throws, when an input with errors has no error
// diagnostic, when a diagnostic has no usable position or spans lines, or when output is produced for an
// input with errors. With --tsc N, up to N distinct generated files are then type-checked with TypeScript 6
// under the strict settings (in test/.scratch-fuzz-<pid>/, removed afterwards). Prints a JSON summary.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import fc from 'fast-check';

const root = fileURLToPath(new URL('../', import.meta.url));
const { generate } = await import(join(root, 'dist/generator/index.js')).catch(() => {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
});

const { values: flags } = parseArgs({
  options: { runs: { type: 'string', default: '20000' }, seed: { type: 'string', default: '1' }, tsc: { type: 'string', default: '0' } },
});
const runs = Number(flags.runs);
const seed = Number(flags.seed);
const tscLimit = Number(flags.tsc);

/** The inputs mutated: every sample and every hostile fixture that is well-formed. */
const corpus = [join(root, 'samples'), join(root, 'test/fixtures/hostile')].flatMap((dir) => {
  let names = [];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.xml')).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const text = readFileSync(join(dir, name), 'utf8').replace(/^\uFEFF+/, '');
    try {
      const errors = [];
      const doc = new DOMParser({ onError: (level) => level !== 'warning' && errors.push(level) }).parseFromString(text, 'text/xml');
      return errors.length === 0 && doc.documentElement ? [{ name, text }] : [];
    } catch {
      return []; // not well-formed: nothing to mutate structurally
    }
  });
});

/** Texts that stress readers, checks and emitters. */
const awkward = [
  '', ' ', '0', '-1', '01', '1.5', '1e400', '4294967296', '99999999999999999999', 'NaN', '0x', '0xZZ', '0x0D0x0A',
  'true', 'false', 'text', 'fixed', 'next param', 'double', 'discreet', 'header', 'trailer', 'length', 'crc', 'other param',
  'connection:1', 'Connection:99', 'retries:x', 'dynamic ip 7', '*/ x /*', "'); x; ('", '${x}', '`', '\\', 'a\u2028b',
  '\u202e', '🎉', '__proto__', 'constructor', 'then', 'class', 'x'.repeat(300),
];

const element = fc.nat();
const mutation = fc.oneof(
  fc.record({ op: fc.constant('drop'), a: element }),
  fc.record({ op: fc.constant('duplicate'), a: element }),
  fc.record({ op: fc.constant('swap'), a: element, b: element }),
  fc.record({ op: fc.constant('move'), a: element, b: element }),
  fc.record({ op: fc.constant('rename'), a: element, b: element }),
  fc.record({ op: fc.constant('text'), a: element, text: fc.oneof(fc.constantFrom(...awkward), fc.string({ maxLength: 12 })) }),
  fc.record({ op: fc.constant('dropAttribute'), a: element, b: element }),
  fc.record({ op: fc.constant('copyAttribute'), a: element, b: element, c: element }),
  fc.record({ op: fc.constant('setAttribute'), a: element, b: element, text: fc.oneof(fc.constantFrom(...awkward), fc.string({ maxLength: 12 })) }),
);
const damage = fc.oneof(
  fc.record({ op: fc.constant('flip'), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('insert'), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('cut'), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ op: fc.constant('truncate'), at: fc.nat() }),
  fc.record({ op: fc.constant('boms'), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constant('utf16'), bigEndian: fc.boolean() }),
);
const testCase = fc.record({
  sample: fc.nat(),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }),
  // Most inputs keep well-formed bytes, so the mutations reach the checks and emitters behind the parser.
  damage: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(damage, { minLength: 1, maxLength: 3 }) }),
});

const pick = (list, index) => list[index % list.length];

/** Applies the mutations to a parsed copy of the sample; returns the mutated document text. */
export function mutate(text, mutations) {
  const doc = new DOMParser().parseFromString(text, 'text/xml');
  const elements = () => Array.from(doc.getElementsByTagName('*')).filter((node) => node !== doc.documentElement);
  for (const m of mutations) {
    const all = elements();
    if (all.length === 0) break;
    const a = pick(all, m.a);
    const b = m.b === undefined ? undefined : pick(all, m.b);
    switch (m.op) {
      case 'drop':
        a.parentNode?.removeChild(a);
        break;
      case 'duplicate':
        a.parentNode?.insertBefore(a.cloneNode(true), a.nextSibling);
        break;
      case 'swap':
        if (b && a !== b && !contains(a, b) && !contains(b, a)) {
          const marker = doc.createComment('swap');
          b.parentNode?.replaceChild(marker, b);
          a.parentNode?.replaceChild(b, a);
          marker.parentNode?.replaceChild(a, marker);
        }
        break;
      case 'move':
        if (b && a !== b && !contains(a, b)) b.appendChild(a);
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
        const target = pick(all, m.c);
        if (attributes.length > 0) {
          const attribute = pick(attributes, m.b);
          target.setAttribute(attribute.name, attribute.value);
        }
        break;
      }
      case 'setAttribute': {
        const attributes = Array.from(a.attributes);
        const name = attributes.length > 0 ? pick(attributes, m.b).name : pick(['id', 'options', 'name', 'timeout', 'value'], m.b);
        a.setAttribute(name, m.text);
        break;
      }
    }
  }
  return new XMLSerializer().serializeToString(doc);
}

function contains(ancestor, node) {
  for (let current = node; current; current = current.parentNode) if (current === ancestor) return true;
  return false;
}

/** Damages the UTF-8 bytes of `text`. */
export function damageBytes(text, damages) {
  let bytes = Buffer.from(text, 'utf8');
  for (const d of damages) {
    const at = bytes.length === 0 ? 0 : d.at % bytes.length;
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
        const le = Buffer.from(bytes.toString('utf8'), 'utf16le');
        if (d.bigEndian) le.swap16();
        bytes = Buffer.concat([Buffer.from(d.bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), le]);
        break;
      }
    }
  }
  return new Uint8Array(bytes);
}

/** Everything a result must satisfy; returns a description of the first violation, or undefined. */
export function violation(result, lineCount) {
  if (!result.ok && !result.diagnostics.some((d) => d.severity === 'error')) return 'not ok without an error diagnostic';
  if (!result.ok && result.files.length > 0) return 'files despite errors';
  if (result.ok && result.files.length !== 1) return `ok with ${result.files.length} files`;
  for (const d of result.diagnostics) {
    if (!Number.isInteger(d.line) || !Number.isInteger(d.column) || d.line < 1 || d.column < 1) return `bad position ${d.line}:${d.column} (${d.code})`;
    if (d.line > lineCount) return `line ${d.line} beyond the ${lineCount} lines of the input (${d.code})`;
    if (/[\n\r\u2028\u2029]/.test(d.message)) return `multi-line message (${d.code})`;
    if (!/^PG\d{4}$/.test(d.code)) return `bad code ${d.code}`;
  }
  return undefined;
}

/** Lines of the decoded input (an upper bound for diagnostic lines). */
function lineCountOf(bytes) {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  return new TextDecoder(encoding).decode(bytes).split(/\r\n|\r|\n/).length;
}

const stats = { runs: 0, ok: 0, errors: 0, threw: 0, codes: {} };
const outputs = new Map();
let failingInput;

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  if (corpus.length === 0) {
    console.error('no samples found');
    process.exit(2);
  }
  const started = Date.now();
  const property = fc.property(testCase, (c) => {
    const sample = pick(corpus, c.sample);
    const bytes = damageBytes(mutate(sample.text, c.mutations), c.damage);
    failingInput = bytes;
    let result;
    try {
      result = generate([{ file: `fuzz-${sample.name}`, contents: bytes }]);
    } catch (error) {
      stats.threw++;
      throw new Error(`generate() threw: ${error instanceof Error ? error.stack : String(error)}`);
    }
    stats.runs++;
    if (result.ok) stats.ok++;
    else stats.errors++;
    for (const d of result.diagnostics) stats.codes[d.code] = (stats.codes[d.code] ?? 0) + 1;
    const problem = violation(result, lineCountOf(bytes));
    if (problem) throw new Error(problem);
    if (result.ok && outputs.size < tscLimit) {
      const file = result.files[0];
      const hash = createHash('sha256').update(file.contents).digest('hex').slice(0, 12);
      outputs.set(hash, file.contents);
    }
  });
  const details = fc.check(property, { seed, numRuns: runs });
  if (details.failed) {
    const path = join(root, 'test', '.scratch-fuzz-failure', 'input.xml');
    mkdirSync(join(path, '..'), { recursive: true });
    if (failingInput) writeFileSync(path, failingInput);
    console.error(fc.defaultReportMessage(details));
    console.error(`failure: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`);
    console.error(`the last failing input is in ${path}`);
    process.exit(1);
  }
  let typeChecked = 0;
  if (outputs.size > 0) {
    const dir = join(root, 'test', `.scratch-fuzz-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true }, include: ['*.ts'] }));
      for (const [hash, contents] of outputs) writeFileSync(join(dir, `out-${hash}.ts`), contents);
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { stdio: 'pipe' });
      typeChecked = outputs.size;
    } catch (error) {
      console.error(`generated output does not type-check:\n${error.stdout ?? error}`);
      console.error(`files kept in ${dir}`);
      process.exit(1);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ seed, ...stats, typeChecked, seconds: (Date.now() - started) / 1000 }, null, 2));
}

/**
 * Bad and hostile protocol XML: every input gives either output that type-checks under the strict
 * settings, or diagnostics at file:line:col — never a thrown error, a stack trace or a partial write.
 *
 * The fixtures in test/fixtures/hostile/ are hand-written for these tests; inputs that are about bytes
 * or size (empty files, BOMs, UTF-16, invalid UTF-8, 10 MB, 100 000 levels of nesting) are built here.
 * docs/failure-modes.md lists the documented outcome of each.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deepProtocol, hostileInputFileName, largeProtocol, longNameProtocol } from './input-inputs.js';
import { generate, type Diagnostic, type GenerateResult } from '@protogen-dm/generator';
import { listFiles, put, repoRoot, requireBuild, run, snapshot, TempDirs } from '../generator/helpers.js';

const hostile = join(repoRoot, 'test', 'fixtures', 'hostile');
const fixture = (name: string): Buffer => readFileSync(join(hostile, name));
const temp = new TempDirs();
beforeAll(requireBuild);
afterAll(() => temp.cleanup());

type Expected = readonly [line: number, column: number, severity: Diagnostic['severity'], code: string, says: string];

/** Diagnostics other than infos, as `[line, column, severity, code, message]`. */
const reported = (result: GenerateResult): (readonly [number, number, string, string, string])[] =>
  result.diagnostics.filter((d) => d.severity !== 'info').map((d) => [d.line, d.column, d.severity, d.code, d.message] as const);

function expectDiagnostics(result: GenerateResult, expected: readonly Expected[]): void {
  const actual = reported(result);
  expect(actual.map(([line, column, severity, code]) => [line, column, severity, code])).toEqual(
    expected.map(([line, column, severity, code]) => [line, column, severity, code]),
  );
  expected.forEach(([, , , , says], index) => expect(actual[index]?.[4]).toContain(says));
}

/** Runs `generate` on one input; a throw fails the test with the input's name. */
function generateOne(file: string, contents: Uint8Array | string): GenerateResult {
  return generate([{ file, contents }]);
}

/** An input that must generate: no error, exactly one file. */
function expectGenerated(result: GenerateResult): void {
  expect(result.ok).toBe(true);
  expect(result.files).toHaveLength(1);
}

interface BadCase {
  readonly fixture: string;
  readonly expected: readonly Expected[];
}

const badCases: readonly BadCase[] = [
  { fixture: 'truncated.xml', expected: [[6, 62, 'error', 'PG0001', '<LengthType> is never closed (the file ends first)']] },
  { fixture: 'wrong-root.xml', expected: [[3, 1, 'error', 'PG0002', 'the root element is <html>, not <Protocol>']] },
  { fixture: 'garbage-after-root.xml', expected: [[4, 11, 'error', 'PG0001', 'documents may contain only one root']] },
  {
    fixture: 'doctype-entity.xml',
    expected: [[7, 16, 'error', 'PG0001', '"&vendor;" is not one of the five XML entities (protogen never expands entities declared in a DOCTYPE)']],
  },
  // The entities are never expanded, so the 10^9 "lol"s never exist: one error at the first reference.
  { fixture: 'billion-laughs.xml', expected: [[16, 16, 'error', 'PG0001', '"&lol9;" is not one of the five XML entities']] },
  { fixture: 'bad-character.xml', expected: [[3, 23, 'error', 'PG0001', '"&#0;" is not a character XML allows']] },
  {
    // A CR LF in a header name would be refused by Node at every connect(): an error now, shown escaped.
    fixture: 'bad-header-name.xml',
    expected: [[14, 9, 'error', 'PG0036', 'handshake header key "X-Token: injected\\u000d\\u000aX-Other" is not a valid HTTP header name']],
  },
  {
    fixture: 'duplicate-ids.xml',
    expected: [
      [5, 5, 'error', 'PG0010', 'duplicate Connection id 0 (first defined at line 4)'],
      [10, 5, 'error', 'PG0010', 'duplicate Param id 1 (first defined at line 8)'],
      [11, 5, 'error', 'PG0010', 'duplicate Param id 1 (first defined at line 8)'],
      [15, 5, 'error', 'PG0010', 'duplicate Command id 1 (first defined at line 14)'],
      [19, 5, 'error', 'PG0010', 'duplicate Response id 1 (first defined at line 18)'],
      [23, 5, 'error', 'PG0010', 'duplicate Pair id 1 (first defined at line 22)'],
      [27, 5, 'error', 'PG0010', 'duplicate Session id 4 (first defined at line 26)'],
    ],
  },
  {
    fixture: 'dangling-references.xml',
    expected: [
      [7, 31, 'error', 'PG0031', 'NotifyConnectionPIDs names param 77, which does not exist'],
      [8, 9, 'error', 'PG0032', 'WebSocketHandshake names HTTP session 9, which does not exist'],
      [14, 102, 'error', 'PG0024', 'LengthType@id names param 88, which does not exist'],
      [15, 42, 'error', 'PG0035', 'param 3 is the dynamic ip of connection 5, which is not a connection protogen drives'],
      [18, 46, 'error', 'PG0023', 'Command 1 names param 66, which does not exist'],
      [21, 22, 'error', 'PG0030', 'Response 1 option Connection:3 names connection 3, which does not exist'],
      [21, 89, 'error', 'PG0024', 'Content/Param "abc" is not an id'],
      [24, 43, 'error', 'PG0020', 'Pair 1 names command 5, which does not exist'],
      [24, 63, 'error', 'PG0021', 'Pair 1 names response 6, which does not exist'],
      [24, 85, 'error', 'PG0021', 'Pair 1 names response 7, which does not exist'],
      [25, 18, 'error', 'PG0030', 'Pair 2 option connection:4 names connection 4, which does not exist'],
      [26, 5, 'error', 'PG0022', 'Pair 3 has no Content/Command'],
    ],
  },
  {
    fixture: 'ids-out-of-range.xml',
    expected: [
      [1, 1, 'warning', 'PG0034', 'no Connections/Connection is a WebSocket'],
      [4, 12, 'error', 'PG0011', 'Param has an invalid id "-1"'],
      [5, 12, 'error', 'PG0011', 'Param has an invalid id "1.5"'],
      [6, 12, 'error', 'PG0011', 'Param has an invalid id "0x10"'],
      [7, 12, 'error', 'PG0011', 'Param has an invalid id "007"'],
      [8, 12, 'error', 'PG0011', 'Param has an invalid id "99999999999"'],
      [9, 12, 'error', 'PG0011', 'Param has an invalid id "99999999999999999999999"'],
      [10, 12, 'error', 'PG0011', 'Param has an invalid id ""'],
      [11, 5, 'error', 'PG0011', 'Param has no id'],
    ],
  },
];

/** Inputs that generate, with the warnings they draw. */
const goodCases: readonly BadCase[] = [
  { fixture: 'hostile-names.xml', expected: [] },
  { fixture: 'doctype-unused.xml', expected: [[5, 1, 'warning', 'PG0003', 'DOCTYPE ignored: protogen never expands entities']] },
  {
    fixture: 'ids-warned.xml',
    expected: [
      [7, 5, 'warning', 'PG0012', 'param id 0 is outside'],
      [8, 5, 'warning', 'PG0012', 'param id 64500 is outside'],
      [9, 5, 'warning', 'PG0012', 'param id 4294967296 is outside'],
      [10, 5, 'warning', 'PG0012', 'param id 9999999999 is outside'],
      [19, 27, 'warning', 'PG0044', 'Pair 9999999999 timeout "99999999999" is not a timeout from 1 to 2147483647 ms'],
    ],
  },
];

describe('hostile fixtures through generate()', () => {
  it('covers every fixture in test/fixtures/hostile', () => {
    const names = readdirSync(hostile).filter((name) => name.endsWith('.xml')).sort();
    expect(names).toEqual([...badCases, ...goodCases].map((c) => c.fixture).sort());
  });

  it.each(badCases)('$fixture: errors at their element, no files', ({ fixture: name, expected }) => {
    const result = generateOne(name, fixture(name));
    expect(result.ok).toBe(false);
    expect(result.files).toEqual([]);
    expectDiagnostics(result, expected);
    for (const d of result.diagnostics) expect(d.file).toBe(name);
  });

  it.each(goodCases)('$fixture: generates, with its warnings', ({ fixture: name, expected }) => {
    const result = generateOne(name, fixture(name));
    expectDiagnostics(result, expected);
    expectGenerated(result);
  });

  it('a 5 MB DOCTYPE entity is never expanded: one error at its reference', () => {
    const xml = `<!DOCTYPE P [<!ENTITY big "${'x'.repeat(5_000_000)}">]>\n<Protocol><Name>&big;</Name></Protocol>`;
    const result = generateOne('big-entity.xml', xml);
    expectDiagnostics(result, [[2, 17, 'error', 'PG0001', '"&big;" is not one of the five XML entities']]);
  });
});

describe('bytes: empty, BOMs, UTF-16, invalid encodings', () => {
  const plain = fixture('hostile-names.xml');
  const text = plain.toString('utf8');
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);

  it.each([
    { name: 'an empty file', bytes: Buffer.alloc(0), line: 1, column: 1, says: 'document must contain a root element' },
    { name: 'only whitespace', bytes: Buffer.from(' \n\t\n'), line: 3, column: 1, says: 'document must contain a root element' },
    { name: 'only a BOM', bytes: bom, line: 1, column: 1, says: 'document must contain a root element' },
    { name: 'only an XML declaration', bytes: Buffer.from('<?xml version="1.0"?>'), line: 1, column: 22, says: 'document must contain a root element' },
    {
      name: 'invalid UTF-8',
      bytes: Buffer.concat([Buffer.from('<Protocol><Name>'), Buffer.from([0xc3, 0x28]), Buffer.from('</Name></Protocol>')]),
      line: 1,
      column: 1,
      says: 'the file is not valid UTF-8 text',
    },
    { name: 'UTF-16LE with an odd byte count', bytes: utf16le.subarray(0, 101), line: 1, column: 1, says: 'the file is not valid UTF-16LE text' },
    {
      name: 'UTF-16BE cut in a surrogate pair',
      bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('<P>\ud83c', 'utf16le').swap16()]),
      line: 1,
      column: 1,
      says: 'the file is not valid UTF-16BE text',
    },
    {
      name: 'binary noise',
      bytes: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)),
      line: 1,
      column: 1,
      says: 'the file is not valid UTF-8 text',
    },
    {
      name: 'a BOM after the XML declaration',
      bytes: Buffer.concat([Buffer.from('<?xml version="1.0"?>\n'), bom, Buffer.from('<Protocol/>')]),
      line: 2,
      column: 1,
      says: 'text data outside of root node',
    },
    { name: 'text after the root', bytes: Buffer.from('<Protocol/>\n\n  stray'), line: 3, column: 3, says: 'text data outside of root node' },
  ])('$name: PG0001 at $line:$column', ({ bytes, line, column, says }) => {
    const result = generateOne('bytes.xml', bytes);
    expectDiagnostics(result, [[line, column, 'error', 'PG0001', says]]);
    expect(result.files).toEqual([]);
  });

  it.each([
    ['one BOM', Buffer.concat([bom, plain])],
    ['two BOMs', Buffer.concat([bom, bom, plain])],
    ['UTF-16LE with a BOM', utf16le],
    ['UTF-16BE with a BOM', utf16be],
  ])('%s: byte-identical output to plain UTF-8', (_name, bytes) => {
    const expected = generateOne('hostile-names.xml', plain);
    const result = generateOne('hostile-names.xml', bytes);
    expect(result.diagnostics).toEqual(expected.diagnostics);
    expect(result.files).toEqual(expected.files);
  });
});

describe('size and depth', () => {
  // How fast is the bench's business (`npm run bench`, case generation); a test only proves it completes.
  it('a 10 MB protocol generates completely', () => {
    const xml = largeProtocol(10 * 1024 * 1024);
    expect(xml.length).toBeGreaterThan(10 * 1024 * 1024);
    const result = generateOne('large.xml', xml);
    expectDiagnostics(result, []);
    expectGenerated(result);
    expect(result.files[0]!.contents).toContain('export class LargeDriver extends Driver<LargeParams, LargeConnection>');
  }, 60_000);

  it('100 000 levels of nesting: unknown elements are ignored (one PG0013, at the outermost), no recursion limit is hit', () => {
    const result = generateOne('deep.xml', deepProtocol(100_000));
    expectDiagnostics(result, [[25, 1, 'warning', 'PG0013', '<Deep> is not an element of Protocol: protogen ignores it']]);
    expectGenerated(result);
  });

  it('100 000 unclosed levels: PG0001 at the innermost open element', () => {
    const depth = 100_000;
    const xml = `<Protocol>\n${'<Deep>'.repeat(depth)}`;
    const result = generateOne('deep-unclosed.xml', xml);
    expectDiagnostics(result, [[2, 1 + 6 * (depth - 1), 'error', 'PG0001', '<Deep> is never closed (the file ends first)']]);
  });

  it('a 3 000-word <Name> gives a file name of at most 100 characters (and a valid module)', () => {
    const result = generateOne('long-name.xml', longNameProtocol(3000));
    const name = result.files[0]!.name;
    expect(name).toBe(`${Array.from({ length: 20 }, () => 'word').join('-')}.ts`);
    expectGenerated(result);
  });
});

describe('hostile file names', () => {
  it("the XML file's name reaches comments and strings escaped", () => {
    const result = generateOne(hostileInputFileName, fixture('doctype-unused.xml'));
    expect(result.ok).toBe(true);
    const contents = result.files[0]!.contents;
    expect(contents).toContain(' * Doctype Unused: typed driver generated by protogen from evil\n *');
    expect(contents).not.toContain('\u2028');
    expectGenerated(result);
  });
});

describe('the CLI on every fixture: exit code, clean stderr, all or nothing', () => {
  const stackTrace = /^\s+at |node:internal|\b(Type|Range|Reference|Syntax)?Error\b:/m;
  const formatted = /^(.+?):(\d+):(\d+): (error|warning|info) (PG\d{4}): (.+)$|^ {2}\S.*$|^protogen: \d+ error\(s\); nothing written$/;

  it.each(badCases.map((c) => c.fixture))('%s: exit 1, diagnostics only, --out untouched', async (name) => {
    const cwd = temp.make();
    put(cwd, 'good.xml', fixture('doctype-unused.xml'));
    put(cwd, name, fixture(name));
    put(cwd, 'out/keep.ts', '// a file the user had before\n');
    const before = snapshot(join(cwd, 'out'));
    const result = await run(['good.xml', name, '--out', 'out'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(stackTrace);
    const lines = result.stderr.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(formatted);
    expect(lines.at(-1)).toMatch(/^protogen: \d+ error\(s\); nothing written$/);
    expect(lines.some((line) => line.startsWith(`${name}:`))).toBe(true);
    expect(snapshot(join(cwd, 'out'))).toEqual(before);
  });

  it.each(goodCases.map((c) => c.fixture))('%s: exit 0, one file written', async (name) => {
    const cwd = temp.make();
    put(cwd, name, fixture(name));
    const result = await run([name, '--out', 'out', '--quiet'], { cwd });
    expect(result.stderr).not.toMatch(stackTrace);
    expect(result.code).toBe(0);
    expect(listFiles(join(cwd, 'out'))).toHaveLength(1);
  });

  it('an --out the file system refuses: exit 2, one line, nothing written', async () => {
    const cwd = temp.make();
    put(cwd, 'a.xml', fixture('hostile-names.xml'));
    put(cwd, 'out', 'a file where the directory should be\n');
    const result = await run(['a.xml', '--out', 'out', '--quiet'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^protogen: cannot write to out: EEXIST: file already exists, mkdir 'out'; nothing written\n$/);
    expect(readFileSync(join(cwd, 'out'), 'utf8')).toBe('a file where the directory should be\n');
  });

  it('an output name taken by a directory: exit 2, and the other outputs are not written either', async () => {
    const cwd = temp.make();
    put(cwd, 'a.xml', fixture('hostile-names.xml'));
    put(cwd, 'b.xml', fixture('doctype-unused.xml'));
    mkdirSync(join(cwd, 'out', 'doctype-unused.ts'), { recursive: true });
    const result = await run(['a.xml', 'b.xml', '--out', 'out', '--quiet'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter((line) => line.startsWith('protogen:'))).toEqual([
      'protogen: cannot write to out: out/doctype-unused.ts is a directory; nothing written',
    ]);
    expect(result.stderr).not.toMatch(stackTrace);
    // The first output was not written either, and no temporary file is left behind.
    expect(listFiles(join(cwd, 'out'))).toEqual([]);
  });
});

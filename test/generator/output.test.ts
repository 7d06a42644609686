// Writing and comparing generated files a piece at a time (output.ts encodes 256 KiB at a time): the
// bytes on disk are exactly the text's UTF-8 whatever characters straddle the pieces' ends, and a
// change anywhere, even one that keeps the size, is seen.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staleFiles, writeFiles } from '../../generator/src/output.js';

/** Over a megabyte of two-, three- and four-byte characters and a lone surrogate, so that some fall on every piece's end. */
const text = Array.from({ length: 40_000 }, (_, index) => `line ${index} · “quoted” 🚀 ${index % 7 === 0 ? '\ud800' : ''}\n`).join('');
const file = (contents: string) => ({ name: 'big.ts', source: 'big.xml', contents });

describe('writeFiles and staleFiles on a file of many pieces', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'protogen-output-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('writes exactly the UTF-8 bytes of the text, then reports it unchanged and fresh', () => {
    const path = join(directory, 'big.ts');
    expect(writeFiles(directory, [file(text)])).toEqual([`wrote ${path}`]);
    expect(readFileSync(path).equals(Buffer.from(text))).toBe(true);
    expect(writeFiles(directory, [file(text)])).toEqual([`unchanged ${path}`]);
    expect(staleFiles(directory, [file(text)])).toEqual([]);
  });

  it('sees a change of the same size in the last piece, and one that changes the size', () => {
    const path = join(directory, 'big.ts');
    writeFiles(directory, [file(text)]);
    const sameSize = `${text.slice(0, -2)}x\n`;
    expect(Buffer.byteLength(sameSize)).toBe(Buffer.byteLength(text));
    expect(staleFiles(directory, [file(sameSize)])).toEqual([`stale ${path} (from big.xml)`]);
    expect(writeFiles(directory, [file(sameSize)])).toEqual([`wrote ${path}`]);
    expect(readFileSync(path).equals(Buffer.from(sameSize))).toBe(true);
    expect(staleFiles(directory, [file(`${sameSize}more`)])).toEqual([`stale ${path} (from big.xml)`]);
  });

  it('a file edited by hand in its first piece is stale; a missing one is missing', () => {
    const path = join(directory, 'big.ts');
    writeFiles(directory, [file(text)]);
    const bytes = readFileSync(path);
    bytes[10] = bytes[10] === 0x30 ? 0x31 : 0x30;
    writeFileSync(path, bytes);
    expect(staleFiles(directory, [file(text)])).toEqual([`stale ${path} (from big.xml)`]);
    rmSync(path);
    expect(staleFiles(directory, [file(text)])).toEqual([`missing ${path} (from big.xml)`]);
  });
});

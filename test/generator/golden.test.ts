// Each sample fixture's driver (samples/<fixture>/protocol.xml), generated in-process, equals the committed
// file in generated/ byte for byte. Adding a fixture is adding a folder: its XML and a behaviour test.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate } from '@protogen-dm/generator';

const root = new URL('../../', import.meta.url);
const samples = readdirSync(new URL('samples/', root), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('golden files', () => {
  it('has samples to check', () => {
    expect(samples.length).toBeGreaterThanOrEqual(6);
  });

  for (const sample of samples) {
    it(`samples/${sample} has its XML and a behaviour test`, () => {
      expect(existsSync(new URL(`samples/${sample}/protocol.xml`, root))).toBe(true);
      expect(existsSync(new URL(`samples/${sample}/behaviour.test.ts`, root))).toBe(true);
    });

    it(`samples/${sample}/protocol.xml generates the committed driver`, () => {
      const file = `samples/${sample}/protocol.xml`;
      const result = generate([{ file, contents: readFileSync(new URL(file, root)) }]);
      expect(result.diagnostics.filter((diagnostic) => diagnostic.severity !== 'info')).toEqual([]);
      expect(result.files).toHaveLength(1);
      const [generated] = result.files;
      const committed = readFileSync(new URL(`generated/${generated?.name}`, root), 'utf8');
      expect(generated?.contents).toBe(committed);
    });
  }

  it('is deterministic: the same input gives the same bytes', () => {
    const file = 'samples/two-websockets/protocol.xml';
    const contents = readFileSync(new URL(file, root));
    const first = generate([{ file, contents }]).files[0]?.contents;
    const second = generate([{ file: `./${file}`, contents }]).files[0]?.contents;
    expect(second).toBe(first);
  });
});

// The committed drivers compile with zero diagnostics under the strictest settings, with the
// TypeScript 6 compiler and with the native TypeScript 7 one, run as users run them.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compilers, repoRoot, runTsc } from '../helpers/typecheck.js';

describe('strict tsc over generated/', () => {
  for (const name of Object.keys(compilers) as (keyof typeof compilers)[]) {
    it(`${name} reports nothing`, async () => {
      const { stdout: version } = await promisify(execFile)(process.execPath, [join(repoRoot, compilers[name]), '--version']);
      expect(version).toContain(name === 'TypeScript 6' ? 'Version 6.' : 'Version 7.');
      expect(await runTsc(join(repoRoot, 'generated'), name)).toEqual({ stdout: '', code: 0 });
    }, 60_000);
  }

  it('generated files use no enum, namespace, any or @ts- comment', () => {
    const files = readdirSync(join(repoRoot, 'generated')).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const text = readFileSync(join(repoRoot, 'generated', file), 'utf8');
      expect(text).not.toMatch(/\benum\s|\bnamespace\s|:\s*any\b|<any>|as any\b|@ts-/);
    }
  });
});

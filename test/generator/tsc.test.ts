// The committed drivers compile with zero diagnostics under the strictest settings, with the
// TypeScript 6 compiler and with the native TypeScript 7 one, run as users run them.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);
const compilers = { 'TypeScript 6': 'node_modules/typescript/bin/tsc', 'TypeScript 7': 'node_modules/tsc7/bin/tsc' };

describe('strict tsc over generated/', () => {
  for (const [name, bin] of Object.entries(compilers)) {
    it(`${name} reports nothing`, async () => {
      const { stdout: version } = await run(process.execPath, [bin, '--version'], { cwd: root });
      expect(version).toContain(name === 'TypeScript 6' ? 'Version 6.' : 'Version 7.');
      const result = await run(process.execPath, [bin, '-p', 'generated/tsconfig.json', '--pretty', 'false'], { cwd: root }).catch(
        (error: { stdout: string; code: number }) => error,
      );
      expect(result.stdout).toBe('');
      expect('code' in result ? result.code : 0).toBe(0);
    }, 60_000);
  }

  it('generated files use no enum, namespace, any or @ts- comment', () => {
    const files = readdirSync(new URL('generated/', root)).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const text = readFileSync(new URL(`generated/${file}`, root), 'utf8');
      expect(text).not.toMatch(/\benum\s|\bnamespace\s|:\s*any\b|<any>|as any\b|@ts-/);
    }
  });
});

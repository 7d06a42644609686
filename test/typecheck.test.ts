// Every kind of output the generator is tested on type-checks with zero diagnostics under the strictest
// settings, with the TypeScript 6 compiler and the native TypeScript 7 one, run as users run them: the
// committed drivers in generated/, the hostile and oversized inputs that generate, one module per
// injection payload and the hostile-names fixture, and distinct outputs of the fuzz corpus. One project,
// one run per compiler (each run costs more to start than to check another file).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, type ProtocolInput } from '@protogen-dm/generator';
import { compilers, repoRoot, runTsc, scratchProject } from './helpers/typecheck.js';
import { STRUCTURE_SEED, structureMutated } from './hardening/fuzz-inputs.js';
import { hostileFileName, payloadProtocol, payloads } from './hardening/injection-inputs.js';
import { generatingInputs } from './hardening/input-inputs.js';

/** Distinct fuzz outputs to check: enough shapes, few enough to stay quick. */
const FUZZ_OUTPUTS = 40;

/** The one generated file of `input`, which must generate without errors. */
function generated(input: ProtocolInput): string {
  const result = generate([input]);
  if (!result.ok || result.files.length !== 1) throw new Error(`${input.file} does not generate: ${JSON.stringify(result.diagnostics)}`);
  return (result.files[0] as { contents: string }).contents;
}

function committedDrivers(): Map<string, string> {
  const dir = join(repoRoot, 'generated');
  const names = readdirSync(dir).filter((name) => name.endsWith('.ts'));
  return new Map(names.map((name) => [`generated-${name}`, readFileSync(join(dir, name), 'utf8')]));
}

function hardeningOutputs(): Map<string, string> {
  const files = new Map<string, string>();
  generatingInputs().forEach((input, i) => files.set(`input-${i}.ts`, generated(input)));
  payloads.forEach((payload, i) => files.set(`payload-${i}.ts`, generated({ file: `payload-${i}.xml`, contents: payloadProtocol(i, payload) })));
  const hostileNames = readFileSync(join(repoRoot, 'test/fixtures/hostile/hostile-names.xml'));
  files.set('hostile-names.ts', generated({ file: hostileFileName, contents: hostileNames }));
  return files;
}

/** The first distinct outputs of structure-mutated fixtures, drawn with the fuzz property's own seed. */
function fuzzOutputs(): Map<string, string> {
  const files = new Map<string, string>();
  for (const { file, bytes } of fc.sample(structureMutated, { seed: STRUCTURE_SEED, numRuns: 4 * FUZZ_OUTPUTS })) {
    const result = generate([{ file, contents: bytes }]);
    const contents = result.files[0]?.contents;
    if (contents === undefined) continue;
    files.set(`fuzz-${createHash('sha256').update(contents).digest('hex').slice(0, 16)}.ts`, contents);
    if (files.size === FUZZ_OUTPUTS) break;
  }
  return files;
}

let project = '';
let files = new Map<string, string>();

beforeAll(() => {
  files = new Map([...committedDrivers(), ...hardeningOutputs(), ...fuzzOutputs()]);
  project = scratchProject('typecheck', files);
}, 60_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('strict tsc over every output', () => {
  it('holds every kind of output', () => {
    const count = (prefix: string): number => [...files.keys()].filter((name) => name.startsWith(prefix)).length;
    expect(count('generated-')).toBeGreaterThanOrEqual(6);
    expect(count('input-')).toBe(generatingInputs().length);
    expect(count('payload-')).toBe(payloads.length);
    expect(count('fuzz-')).toBe(FUZZ_OUTPUTS);
  });

  for (const name of Object.keys(compilers) as (keyof typeof compilers)[]) {
    // The two compilers run at once: each is one process, and the machine has more than one core.
    it.concurrent(`${name} reports nothing`, async () => {
      const { stdout: version } = await promisify(execFile)(process.execPath, [join(repoRoot, compilers[name]), '--version']);
      expect(version).toContain(name === 'TypeScript 6' ? 'Version 6.' : 'Version 7.');
      expect(await runTsc(project, name)).toEqual({ stdout: '', code: 0 });
    }, 60_000);
  }

  it('the committed drivers use no enum, namespace, any or @ts- comment', () => {
    for (const [name, text] of committedDrivers()) expect(text, name).not.toMatch(/\benum\s|\bnamespace\s|:\s*any\b|<any>|as any\b|@ts-/);
  });
});

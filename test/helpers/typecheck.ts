// Type-checks generated files as users do: written to a scratch folder under test/ (so that
// `@protogen-dm/runtime` resolves through the package), compiled with the strict base settings by a real
// `tsc` process. Resolves with what the compiler printed and its exit code.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export const compilers = {
  'TypeScript 6': 'node_modules/typescript/bin/tsc',
  'TypeScript 7': 'node_modules/tsc7/bin/tsc',
} as const;

export interface TscResult {
  readonly stdout: string;
  readonly code: number;
}

/** Runs `compiler` on the project in `directory` (which holds a tsconfig.json). */
export async function runTsc(directory: string, compiler: keyof typeof compilers = 'TypeScript 6'): Promise<TscResult> {
  const args = [join(repoRoot, compilers[compiler]), '-p', join(directory, 'tsconfig.json'), '--pretty', 'false'];
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
    return { stdout, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; code?: number };
    return { stdout: failed.stdout ?? String(error), code: failed.code ?? 1 };
  }
}

/** Writes `files` (name → contents) to a fresh scratch folder with a strict tsconfig; returns its path. */
export function scratchProject(label: string, files: ReadonlyMap<string, string> = new Map()): string {
  const directory = join(repoRoot, 'test', `.scratch-${label}-${process.pid}`);
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true }, include: ['*.ts'] }));
  for (const [name, contents] of files) writeFileSync(join(directory, name), contents);
  return directory;
}

/** Type-checks `files` in a throwaway scratch project. */
export async function typecheckFiles(label: string, files: ReadonlyMap<string, string>, compiler: keyof typeof compilers = 'TypeScript 6'): Promise<TscResult> {
  const directory = scratchProject(label, files);
  try {
    return await runTsc(directory, compiler);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * Putting generated files on disk: atomically (temporary file + rename, so a reader never sees half
 * a file), and only when the bytes change (so build tools and watchers are not woken for nothing).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedFile } from './generate.js';

/** Writes every file that differs; returns one line per file saying what happened. */
export function writeFiles(directory: string, files: readonly GeneratedFile[]): string[] {
  mkdirSync(directory, { recursive: true });
  return files.map((file) => {
    const path = join(directory, file.name);
    if (currentContents(path) === file.contents) return `unchanged ${path}`;
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, file.contents);
      renameSync(temporary, path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
    return `wrote ${path}`;
  });
}

/** `stale generated/x.ts` / `missing generated/x.ts` for each file whose bytes on disk differ. */
export function staleFiles(directory: string, files: readonly GeneratedFile[]): string[] {
  const lines: string[] = [];
  for (const file of files) {
    const path = join(directory, file.name);
    const current = currentContents(path);
    if (current === undefined) lines.push(`missing ${path} (from ${file.source})`);
    else if (current !== file.contents) lines.push(`stale ${path} (from ${file.source})`);
  }
  return lines;
}

function currentContents(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

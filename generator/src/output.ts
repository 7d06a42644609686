/**
 * Putting generated files on disk: atomically (temporary file + rename, so a reader never sees half
 * a file), and only when the bytes change (so build tools and watchers are not woken for nothing).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedFile } from './generate.js';

/**
 * Writes every file that differs; returns one line per file saying what happened. Every temporary file
 * is written before any is renamed, so a failure (no space, no permission, a name the file system
 * refuses) leaves every output as it was; the error is rethrown for the caller to report.
 */
export function writeFiles(directory: string, files: readonly GeneratedFile[]): string[] {
  mkdirSync(directory, { recursive: true });
  const changed: { readonly path: string; readonly temporary: string }[] = [];
  const lines = files.map((file) => {
    const path = join(directory, file.name);
    if (currentContents(path) === file.contents) return `unchanged ${path}`;
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      changed.push({ path, temporary });
      // Renaming onto a directory would fail only after other files were renamed: refuse it now.
      if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${path} is a directory`);
      writeFileSync(temporary, file.contents);
    } catch (error) {
      for (const written of changed) removeQuietly(written.temporary);
      throw error;
    }
    return `wrote ${path}`;
  });
  for (const { path, temporary } of changed) renameSync(temporary, path);
  return lines;
}

/** Removes a temporary file; one that cannot be removed (or was never created) is left alone. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // The error being reported is the write that failed, not this.
  }
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

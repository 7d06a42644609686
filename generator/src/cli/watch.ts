/**
 * `--watch`: regenerate whenever an input changes, and keep going after input errors.
 * Directories are watched rather than files, because editors save by writing a new file and renaming
 * it over the old one, which ends a watch on the file itself.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Io } from './io.js';

/**
 * Runs `regenerate` now and after every change, printing one line per run with the status it
 * returns (`wrote 1 file(s), 0 unchanged`); resolves when the process is interrupted.
 */
export function watchInputs(inputs: readonly string[], regenerate: () => string, io: Io): Promise<void> {
  const files = new Set(inputs.map((input) => resolve(input)));
  let timer: NodeJS.Timeout | undefined;
  const run = (): void => {
    timer = undefined;
    const status = regenerate();
    io.out(`[watch] ${new Date().toISOString().slice(11, 19)} ${status}; watching ${files.size} file(s)`);
  };
  const watchers: FSWatcher[] = [...new Set([...files].map((file) => dirname(file)))].map((directory) =>
    watch(directory, (_event, name) => {
      if (name === null || !files.has(resolve(directory, basename(name.toString())))) return;
      // Editors often write a file in several steps: wait for them to settle.
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, 50);
    }),
  );
  // Only now: the first `[watch]` line tells the user (and scripts) that changes are being seen.
  run();
  return new Promise((done) => {
    const stop = (): void => {
      for (const watcher of watchers) watcher.close();
      if (timer) clearTimeout(timer);
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/**
 * `protogen <protocol.xml>... [--out dir] [--check] [--watch] [--quiet] [--force]`: generate, then write or check.
 */
import { readFileSync } from 'node:fs';
import { DiagnosticBag, formatDiagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { generate, type GenerateResult } from '../generate.js';
import { foreignFiles, staleFiles, writeFiles } from '../output.js';
import { parseCommandLine, UsageError, type Io } from './io.js';
import { watchInputs } from './watch.js';

export const usage = `Usage:
  protogen <protocol.xml>... [--out <dir>] [--check] [--watch] [--quiet] [--force]
  protogen mock <protocol.xml> [--port <n>] [--interval <ms>]
  protogen --help | --version

Options:
  --out <dir>   where the drivers go (default: generated)
  --check       write nothing; exit 1 listing each file that is stale or missing
  --watch       regenerate whenever an input changes
  --quiet       print errors and warnings only
  --force       replace files in --out that protogen did not write (without it they are an error)
  --port <n>    mock: port of the first connection (the next ones listen on n + 1, n + 2, …; 0 = any free port)
  --interval <ms>  mock: time between pushed messages (default 1000)

Exit codes: 0 success, 1 the input has errors or --check found stale files, 2 usage error.`;

interface Flags {
  readonly inputs: readonly string[];
  readonly out: string;
  readonly check: boolean;
  readonly watch: boolean;
  readonly quiet: boolean;
  readonly force: boolean;
}

function parseFlags(argv: readonly string[]): Flags & { help: boolean; version: boolean } {
  const { values, positionals } = parseCommandLine(argv, {
    out: { type: 'string' },
    check: { type: 'boolean' },
    watch: { type: 'boolean' },
    quiet: { type: 'boolean' },
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' },
  });
  return {
    inputs: positionals,
    out: values.out ?? 'generated',
    check: values.check === true,
    watch: values.watch === true,
    quiet: values.quiet === true,
    force: values.force === true,
    help: values.help === true,
    version: values.version === true,
  };
}

/** Runs `protogen <protocol.xml>...`; resolves with the exit code (`--watch`: when stopped). */
export async function runGenerate(argv: readonly string[], io: Io): Promise<number> {
  const flags = parseFlags(argv);
  if (flags.help) {
    io.out(usage);
    return 0;
  }
  if (flags.version) {
    io.out(packageVersion());
    return 0;
  }
  if (flags.inputs.length === 0) throw new UsageError('no protocol file given');
  if (flags.check && flags.watch) throw new UsageError('--check and --watch cannot be combined');
  if (flags.watch) {
    // A file missing at the start is a usage error, as without --watch; later it is an input error.
    for (const file of flags.inputs) readInput(file);
    await watchInputs(flags.inputs, () => runOnce(flags, io, true).status, io);
    return 0;
  }
  return runOnce(flags, io, false).code;
}

/** What one generation did: its exit code and, for `--watch`, one line saying so. */
interface Outcome {
  readonly code: number;
  readonly status: string;
}

/**
 * One generation: read, generate, report, then check or write. Without `--watch` it prints a line
 * per file and a summary; under `--watch` the watcher prints `status` instead, one line per run.
 */
function runOnce(flags: Flags, io: Io, watching: boolean): Outcome {
  const unreadable: Diagnostic[] = [];
  const inputs = flags.inputs.flatMap((file) => {
    const contents = readInput(file, watching ? unreadable : undefined);
    return contents === undefined ? [] : [{ file, contents }];
  });
  const result = generate(inputs);
  const refused = result.ok && !flags.check && !flags.force ? refusals(flags.out, result.files) : [];
  report(sortDiagnostics([...unreadable, ...result.diagnostics, ...refused]), flags.quiet, io);
  const errors = countErrors(result) + unreadable.length + refused.length;
  const summary = (code: number, status: string): Outcome => {
    if (!watching) io.err(`protogen: ${status}`);
    return { code, status };
  };
  if (errors > 0) return summary(1, `${errors} error(s); nothing written`);
  if (flags.check) return { code: check(result, flags, io), status: '' };
  let lines: string[];
  try {
    lines = writeFiles(flags.out, result.files);
  } catch (error) {
    // The file system refused (no space or permission, --out is a file…): not a crash, and nothing changed.
    return summary(2, `cannot write to ${flags.out}: ${(error as Error).message}; nothing written`);
  }
  if (!watching && !flags.quiet) for (const line of lines) io.out(line);
  const wrote = lines.filter((line) => line.startsWith('wrote ')).length;
  return { code: 0, status: `wrote ${wrote} file(s), ${lines.length - wrote} unchanged` };
}

/** A PG0008 error for each file in --out that protogen would replace but did not write. */
function refusals(out: string, files: GenerateResult['files']): Diagnostic[] {
  return foreignFiles(out, files).flatMap(({ path, file }) => {
    const bag = new DiagnosticBag(path);
    bag.report('PG0008', { line: 1, column: 1 }, `not written by protogen (it has no protogen banner): refusing to replace it with the driver from ${file.source}`, 'pass --force to replace it, or choose another --out');
    return bag.items;
  });
}

function check(result: GenerateResult, flags: Flags, io: Io): number {
  const stale = staleFiles(flags.out, result.files);
  for (const line of stale) io.err(line);
  if (stale.length > 0) {
    io.err(`protogen: ${stale.length} file(s) out of date; run protogen ${flags.inputs.join(' ')} --out ${flags.out}`);
    return 1;
  }
  if (!flags.quiet) io.out(`protogen: ${result.files.length} file(s) up to date`);
  return 0;
}

/**
 * The file's bytes. A file that cannot be read is a usage error; while watching (`unreadable` given)
 * it is a PG0006 error instead, and the watcher keeps going.
 */
function readInput(file: string, unreadable?: Diagnostic[]): Uint8Array | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    const message = `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    if (!unreadable) throw new UsageError(message);
    const bag = new DiagnosticBag(file);
    bag.report('PG0006', { line: 1, column: 1 }, message);
    unreadable.push(...bag.items);
    return undefined;
  }
}

function report(diagnostics: readonly Diagnostic[], quiet: boolean, io: Io): void {
  for (const diagnostic of diagnostics) {
    if (quiet && diagnostic.severity === 'info') continue;
    io.err(formatDiagnostic(diagnostic));
  }
}

function countErrors(result: GenerateResult): number {
  return result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Plumbing for tests that run the real CLI in a temporary directory: in this process through the CLI's
 * own `main(argv, io)` (what `generator/bin/protogen.js` calls), or as a child process where the process
 * itself is under test (exit status, environment, signals, `--watch`). Nothing here mocks the file system
 * or the generator: the tests see what a user sees. Child processes run `generator/dist/`, so
 * `npm run build` must have run (the test script builds first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../generator/src/cli/main.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const bin = join(repoRoot, 'generator', 'bin', 'protogen.js');
export const badFixtures = join(repoRoot, 'test', 'fixtures', 'bad');

/** Fails early, with advice, when the CLI has not been built (tests never rebuild it). */
export function requireBuild(): void {
  if (!existsSync(join(repoRoot, 'generator', 'dist', 'cli', 'main.js'))) {
    throw new Error('generator/dist/cli/main.js is missing: run `npm run build` before these tests');
  }
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Kills the process (and fails) after this long; default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * Runs `protogen …args` in this process, in `options.cwd`, and collects what it printed. Generation is
 * synchronous once `main` is called, so the working directory is restored before anything else runs
 * (concurrent calls do not see each other's directory).
 */
export async function run(args: readonly string[], options: Omit<RunOptions, 'env'>): Promise<RunResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io = { out: (line: string) => stdout.push(`${line}\n`), err: (line: string) => stderr.push(`${line}\n`) };
  const home = process.cwd();
  process.chdir(options.cwd);
  let exit: Promise<number>;
  try {
    exit = main(args, io);
  } finally {
    process.chdir(home);
  }
  const code = await exit;
  return { code, signal: null, stdout: stdout.join(''), stderr: stderr.join('') };
}

/** Runs `protogen …args` as a child process (`node generator/bin/protogen.js`) to completion. */
export function runProcess(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`protogen ${args.join(' ')} did not finish in ${options.timeoutMs ?? 10_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 10_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Starts `protogen …args` without waiting (for `--watch`). */
export function spawnCli(args: readonly string[], options: RunOptions): ChildProcess {
  return spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Temporary directories, removed by `cleanup()`. */
export class TempDirs {
  readonly #made: string[] = [];

  make(prefix = 'protogen-test-'): string {
    const directory = mkdtempSync(join(tmpdir(), prefix));
    this.#made.push(directory);
    return directory;
  }

  cleanup(): void {
    for (const directory of this.#made.splice(0)) rmSync(directory, { recursive: true, force: true });
  }
}

/** Writes `contents` to `directory/relative`, creating folders. Returns the full path. */
export function put(directory: string, relative: string, contents: string | Uint8Array): string {
  const path = join(directory, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, contents);
  return path;
}

/** Copies a bad-input fixture into `directory` under its own name. */
export function copyFixture(name: string, directory: string): void {
  copyFileSync(join(badFixtures, name), join(directory, name));
}

/** Every file under `directory` (relative paths, sorted), or undefined when it does not exist. */
export function listFiles(directory: string): string[] | undefined {
  if (!existsSync(directory)) return undefined;
  return (readdirSync(directory, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(directory.length + 1))
    .sort();
}

/** Bytes, mtime and inode of every file under `directory`, to prove nothing was touched. */
export function snapshot(directory: string): Record<string, { readonly bytes: string; readonly mtimeMs: number; readonly ino: number }> {
  const result: Record<string, { bytes: string; mtimeMs: number; ino: number }> = {};
  for (const file of listFiles(directory) ?? []) {
    const path = join(directory, file);
    const stat = statSync(path);
    result[file] = { bytes: readFileSync(path).toString('base64'), mtimeMs: stat.mtimeMs, ino: stat.ino };
  }
  return result;
}

export interface ParsedDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

const diagnosticLine = /^(.+?):(\d+):(\d+): (error|warning|info) (PG\d{4}): (.+)$/;

/** The `file:line:col: severity PGnnnn: message` lines of stderr (hint and summary lines skipped). */
export function diagnostics(stderr: string): ParsedDiagnostic[] {
  const parsed: ParsedDiagnostic[] = [];
  for (const line of stderr.split('\n')) {
    const match = diagnosticLine.exec(line);
    if (!match) continue;
    const [, file = '', line_ = '', column = '', severity = '', code = '', message = ''] = match;
    parsed.push({ file, line: Number(line_), column: Number(column), severity, code, message });
  }
  return parsed;
}

/** A small valid WebSocket protocol, laid out so that options never change its line numbers. */
export interface ProtocolText {
  /** `<Name>` content (raw XML); `undefined` leaves the element out. */
  readonly name?: string | undefined;
  readonly description?: string;
  readonly declaration?: boolean;
  readonly namespace?: string | undefined;
}

export function protocolXml(options: ProtocolText = {}): string {
  const { description = 'Answers what it is sent.', declaration = true } = options;
  const name = 'name' in options ? options.name : 'Echo Service';
  const namespace = 'namespace' in options ? options.namespace : 'http://www.skyline.be/protocol';
  return [
    declaration ? '<?xml version="1.0" encoding="utf-8"?>' : '<!-- no declaration -->',
    namespace === undefined ? '<Protocol>' : `<Protocol xmlns="${namespace}">`,
    name === undefined ? '  <!-- no name -->' : `  <Name>${name}</Name>`,
    `  <Description>${description}</Description>`,
    '  <Version>1.0.0.1</Version>',
    '  <Connections>',
    '    <Connection id="0" name="Main">',
    '      <Http><CommunicationOptions><WebSocket>true</WebSocket></CommunicationOptions></Http>',
    '    </Connection>',
    '  </Connections>',
    '  <Params>',
    '    <Param id="1"><Name>Reply</Name><Description>Last reply</Description><Type>read</Type>',
    '      <Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>',
    '    <Param id="2"><Name>Request</Name><Description>What to send</Description><Type>write</Type>',
    '      <Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>',
    '  </Params>',
    '  <Commands>',
    '    <Command id="1"><Name>Ask</Name><WebSocketMessageType>text</WebSocketMessageType><Content><Param>2</Param></Content></Command>',
    '  </Commands>',
    '  <Responses>',
    '    <Response id="1"><Name>Answer</Name><Content><Param>1</Param></Content></Response>',
    '  </Responses>',
    '  <Pairs>',
    '    <Pair id="1"><Name>Ask</Name><Description>Send a request</Description><Content><Command>1</Command><Response>1</Response></Content></Pair>',
    '  </Pairs>',
    '</Protocol>',
    '',
  ].join('\n');
}

/** `text` as UTF-8 bytes with `count` byte order marks in front. */
export function withUtf8Boms(text: string, count: number): Uint8Array {
  return Buffer.concat([...Array.from({ length: count }, () => Buffer.from([0xef, 0xbb, 0xbf])), Buffer.from(text, 'utf8')]);
}

/** `text` as UTF-16LE bytes with a byte order mark. */
export function utf16le(text: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** Every line a child process writes to one stream, with a way to wait for the next matching one. */
export class Lines {
  readonly lines: string[] = [];
  #partial = '';
  #ended = false;
  readonly #listeners = new Set<() => void>();

  constructor(stream: NodeJS.ReadableStream | null) {
    if (!stream) throw new Error('the stream is not piped');
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (this.#partial + chunk).split('\n');
      this.#partial = parts.pop() ?? '';
      this.lines.push(...parts);
      for (const listener of this.#listeners) listener();
    });
    stream.on('end', () => {
      this.#ended = true;
      for (const listener of this.#listeners) listener();
    });
  }

  /**
   * Resolves with the index of the first line at or after `from` matching `pattern`; rejects when
   * the stream ends first or after `timeoutMs`.
   */
  waitFor(pattern: RegExp, from: number, timeoutMs = 10_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const index = this.lines.findIndex((line, at) => at >= from && pattern.test(line));
        if (index >= 0) done(() => resolve(index));
        else if (this.#ended) done(() => reject(new Error(`output ended without a line matching ${pattern}:\n${this.lines.join('\n')}`)));
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${this.lines.join('\n')}`))),
        timeoutMs,
      );
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        settle();
      };
      this.#listeners.add(check);
      check();
    });
  }
}

/** Waits for `child` to exit, killing it with SIGKILL (and rejecting) after `timeoutMs`. */
export function exited(child: ChildProcess, timeoutMs = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`protogen did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

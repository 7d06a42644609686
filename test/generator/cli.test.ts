/**
 * The command line as a user runs it: `node generator/bin/protogen.js …` in a temporary directory, asserting
 * exit codes, stdout/stderr and the bytes, names and timestamps of what lands on disk.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hasBanner } from '../../generator/src/output.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  badFixtures,
  copyFixture,
  diagnostics,
  exited,
  Lines,
  listFiles,
  protocolXml,
  put,
  repoRoot,
  requireBuild,
  run,
  runProcess,
  snapshot,
  spawnCli,
  TempDirs,
  utf16le,
  withUtf8Boms,
} from './helpers.js';

const temp = new TempDirs();
beforeAll(requireBuild);
afterAll(() => temp.cleanup());

const version = (JSON.parse(readFileSync(join(repoRoot, 'generator', 'package.json'), 'utf8')) as { version: string }).version;
const usageFooter = 'Run protogen --help for usage.';
/** An old, exact timestamp: a file the CLI does not touch keeps it. */
const longAgo = new Date('2001-02-03T04:05:06Z');

/** A directory holding `echo.xml` (Name "Echo Service"). */
function project(xml = protocolXml()): string {
  const cwd = temp.make();
  put(cwd, 'echo.xml', xml);
  return cwd;
}

const read = (path: string): string => readFileSync(path, 'utf8');

describe('usage, version and usage errors', () => {
  it('--help and -h print the usage on stdout and exit 0', async () => {
    const cwd = temp.make();
    for (const flag of ['--help', '-h']) {
      const result = await run([flag], { cwd });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout.startsWith('Usage:\n  protogen <protocol.xml>... [--out <dir>] [--check] [--watch] [--quiet] [--force]\n')).toBe(true);
      for (const option of ['--out <dir>', '--check', '--watch', '--quiet', '--force', 'protogen mock <protocol.xml>', 'Exit codes: 0 success, 1 ']) {
        expect(result.stdout).toContain(option);
      }
    }
    expect(listFiles(cwd)).toEqual([]);
  });

  it('--version and -v print the package.json version and exit 0', async () => {
    const cwd = temp.make();
    for (const flag of ['--version', '-v']) {
      expect(await run([flag], { cwd })).toEqual({ code: 0, signal: null, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('an unknown flag exits 2 with the flag named in one plain line', async () => {
    const cwd = project();
    const result = await run(['echo.xml', '--bogus'], { cwd });
    expect(result).toEqual({ code: 2, signal: null, stdout: '', stderr: `protogen: unknown option --bogus\n${usageFooter}\n` });
    expect(await run(['echo.xml', '-x'], { cwd })).toMatchObject({ code: 2, stderr: `protogen: unknown option -x\n${usageFooter}\n` });
    expect(await run(['echo.xml', '--check=yes'], { cwd })).toMatchObject({ code: 2, stderr: `protogen: --check takes no value\n${usageFooter}\n` });
    expect(await run(['echo.xml', '--out', '--quiet'], { cwd })).toMatchObject({
      code: 2,
      stderr: `protogen: --out needs a value (write --out=<value> for one that starts with "-")\n${usageFooter}\n`,
    });
    expect(listFiles(join(cwd, 'generated'))).toBeUndefined();
  });

  it('a missing input exits 2 naming the file, and nothing is written for the other inputs', async () => {
    const cwd = project();
    const result = await run(['echo.xml', 'nope.xml', '--out', 'out'], { cwd });
    expect(result).toEqual({ code: 2, signal: null, stdout: '', stderr: `protogen: cannot read nope.xml: ENOENT\n${usageFooter}\n` });
    expect(listFiles(join(cwd, 'out'))).toBeUndefined();
  });

  it('an unreadable input (a directory) exits 2', async () => {
    const cwd = project();
    mkdirSync(join(cwd, 'folder.xml'));
    const result = await run(['folder.xml', '--out', 'out'], { cwd });
    expect(result).toEqual({ code: 2, signal: null, stdout: '', stderr: `protogen: cannot read folder.xml: EISDIR\n${usageFooter}\n` });
    expect(listFiles(join(cwd, 'out'))).toBeUndefined();
  });

  it('no input exits 2', async () => {
    const cwd = temp.make();
    expect(await run([], { cwd })).toEqual({ code: 2, signal: null, stdout: '', stderr: `protogen: no protocol file given\n${usageFooter}\n` });
    expect(await run(['--out', 'out'], { cwd })).toMatchObject({ code: 2, stderr: `protogen: no protocol file given\n${usageFooter}\n` });
    expect(listFiles(cwd)).toEqual([]);
  });

  it('--out without a directory and --check with --watch exit 2', async () => {
    const cwd = project();
    expect(await run(['echo.xml', '--out'], { cwd })).toEqual({ code: 2, signal: null, stdout: '', stderr: `protogen: --out needs a value\n${usageFooter}\n` });
    const both = await run(['echo.xml', '--check', '--watch'], { cwd });
    expect(both).toEqual({ code: 2, signal: null, stdout: '', stderr: `protogen: --check and --watch cannot be combined\n${usageFooter}\n` });
    expect(listFiles(cwd)).toEqual(['echo.xml']);
  });
});

describe('generating', () => {
  it('exits 0, writes one file per protocol into --out and says so on stdout', async () => {
    const cwd = project();
    const result = await run(['echo.xml', '--out', 'out'], { cwd });
    expect(result).toEqual({ code: 0, signal: null, stdout: 'wrote out/echo-service.ts\n', stderr: '' });
    expect(listFiles(join(cwd, 'out'))).toEqual(['echo-service.ts']);
    const generated = read(join(cwd, 'out', 'echo-service.ts'));
    expect(generated.split('\n').slice(0, 4)).toEqual([
      '/**',
      ' * Echo Service 1.0.0.1: typed driver generated by protogen from echo.xml.',
      ' * Do not edit this file: change the protocol XML and run protogen again.',
      ' */',
    ]);
    expect(generated).toContain('export class EchoServiceDriver extends Driver<');
  });

  it('writes into generated/ by default, creating nested --out directories', async () => {
    const cwd = project();
    expect(await run(['echo.xml'], { cwd })).toMatchObject({ code: 0, stdout: 'wrote generated/echo-service.ts\n' });
    expect(await run(['echo.xml', '--out', 'src/drivers/ws'], { cwd })).toMatchObject({ code: 0, stdout: 'wrote src/drivers/ws/echo-service.ts\n' });
    expect(read(join(cwd, 'generated', 'echo-service.ts'))).toBe(read(join(cwd, 'src', 'drivers', 'ws', 'echo-service.ts')));
  });

  it('names the file in kebab-case after <Name>', async () => {
    const cwd = temp.make();
    put(cwd, 'a.xml', protocolXml({ name: 'WebSocket Demo' }));
    put(cwd, 'b.xml', protocolXml({ name: 'Température  Sensor 2' }));
    put(cwd, 'c.xml', protocolXml({ name: 'HTTP &amp; MQTT_Bridge' }));
    put(cwd, 'd.xml', protocolXml({ name: '  Padded   Name  ' }));
    const result = await run(['a.xml', 'b.xml', 'c.xml', 'd.xml', '--out', 'out'], { cwd });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(['wrote out/websocket-demo.ts', 'wrote out/temperature-sensor-2.ts', 'wrote out/http-mqtt-bridge.ts', 'wrote out/padded-name.ts', ''].join('\n'));
    expect(listFiles(join(cwd, 'out'))).toEqual(['http-mqtt-bridge.ts', 'padded-name.ts', 'temperature-sensor-2.ts', 'websocket-demo.ts']);
  });

  it('without <Name>, uses the XML file base name and warns (PG0005) at <Protocol>', async () => {
    const cwd = temp.make();
    put(cwd, 'protocols/My_Device v2.xml', protocolXml({ name: undefined }));
    put(cwd, 'blank.xml', protocolXml({ name: '  \n  ' }));
    const result = await run(['protocols/My_Device v2.xml', 'blank.xml', '--out', 'out'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('wrote out/my-device-v2.ts\nwrote out/blank.ts\n');
    expect(diagnostics(result.stderr)).toEqual([
      { file: 'blank.xml', line: 2, column: 1, severity: 'warning', code: 'PG0005', message: 'the protocol has no <Name>; the file name is used instead' },
      { file: 'protocols/My_Device v2.xml', line: 2, column: 1, severity: 'warning', code: 'PG0005', message: 'the protocol has no <Name>; the file name is used instead' },
    ]);
    expect(listFiles(join(cwd, 'out'))).toEqual(['blank.ts', 'my-device-v2.ts']);
  });

  it('two protocols that would write the same file are an error (PG0007), nothing written', async () => {
    const cwd = temp.make();
    put(cwd, 'one.xml', protocolXml({ name: 'Same Name' }));
    put(cwd, 'two.xml', protocolXml({ name: 'same-name' }));
    const result = await run(['one.xml', 'two.xml', '--out', 'out'], { cwd });
    expect(result.code).toBe(1);
    expect(diagnostics(result.stderr)).toEqual([
      { file: 'two.xml', line: 3, column: 3, severity: 'error', code: 'PG0007', message: 'generates same-name.ts, as one.xml does' },
    ]);
    expect(listFiles(join(cwd, 'out'))).toBeUndefined();
  });
});

describe('all or nothing', () => {
  it('one good and one bad input: exit 1, the good one is not written either', async () => {
    const cwd = project();
    copyFixture('pair-missing-command.xml', cwd);
    const result = await run(['echo.xml', 'pair-missing-command.xml', '--out', 'out'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(diagnostics(result.stderr).map((item) => `${item.file}:${item.line}:${item.column}: ${item.severity} ${item.code}`)).toEqual([
      'pair-missing-command.xml:16:16: error PG0020',
    ]);
    expect(listFiles(join(cwd, 'out'))).toBeUndefined();
  });

  it('existing output stays byte-for-byte and timestamp-for-timestamp as it was', async () => {
    const cwd = project();
    expect((await run(['echo.xml', '--out', 'out'], { cwd })).code).toBe(0);
    utimesSync(join(cwd, 'out', 'echo-service.ts'), longAgo, longAgo);
    const before = snapshot(join(cwd, 'out'));
    put(cwd, 'echo.xml', protocolXml({ description: 'A new description' }));
    copyFixture('duplicate-ids.xml', cwd);
    const result = await run(['echo.xml', 'duplicate-ids.xml', '--out', 'out'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('protogen: 5 error(s); nothing written');
    expect(snapshot(join(cwd, 'out'))).toEqual(before);
  });

  it('warnings do not block: every file is written and the exit code is 0', async () => {
    const cwd = project();
    copyFixture('pair-not-websocket.xml', cwd);
    const result = await run(['echo.xml', 'pair-not-websocket.xml', '--out', 'out'], { cwd });
    expect(result.code).toBe(0);
    expect(diagnostics(result.stderr).map((item) => `${item.severity} ${item.code}`)).toEqual(['info PG0050', 'warning PG0033']);
    expect(result.stdout).toBe('wrote out/echo-service.ts\nwrote out/pair-not-websocket.ts\n');
  });
});

describe('writing files', () => {
  it('a second run reports unchanged and does not touch the file', async () => {
    const cwd = project();
    expect((await run(['echo.xml', '--out', 'out'], { cwd })).stdout).toBe('wrote out/echo-service.ts\n');
    const path = join(cwd, 'out', 'echo-service.ts');
    utimesSync(path, longAgo, longAgo);
    const before = snapshot(join(cwd, 'out'));
    const again = await run(['echo.xml', '--out', 'out'], { cwd });
    expect(again).toEqual({ code: 0, signal: null, stdout: 'unchanged out/echo-service.ts\n', stderr: '' });
    expect(snapshot(join(cwd, 'out'))).toEqual(before);
    expect(statSync(path).mtime.getTime()).toBe(longAgo.getTime());
  });

  it('a changed input rewrites only its own file, by rename, leaving no temporary file', async () => {
    const cwd = project();
    put(cwd, 'other.xml', protocolXml({ name: 'Other Service' }));
    expect((await run(['echo.xml', 'other.xml', '--out', 'out'], { cwd })).code).toBe(0);
    for (const file of ['echo-service.ts', 'other-service.ts']) utimesSync(join(cwd, 'out', file), longAgo, longAgo);
    const before = snapshot(join(cwd, 'out'));

    put(cwd, 'echo.xml', protocolXml({ description: 'Now with a new description' }));
    const result = await run(['echo.xml', 'other.xml', '--out', 'out'], { cwd });
    expect(result).toEqual({ code: 0, signal: null, stdout: 'wrote out/echo-service.ts\nunchanged out/other-service.ts\n', stderr: '' });

    const after = snapshot(join(cwd, 'out'));
    expect(Object.keys(after)).toEqual(['echo-service.ts', 'other-service.ts']);
    expect(after['other-service.ts']).toEqual(before['other-service.ts']);
    expect(after['echo-service.ts']?.mtimeMs).not.toBe(longAgo.getTime());
    // Written to a temporary file and renamed over the old one: a new inode, never a half-written file.
    expect(after['echo-service.ts']?.ino).not.toBe(before['echo-service.ts']?.ino);
    expect(read(join(cwd, 'out', 'echo-service.ts'))).toContain('Now with a new description');
  });

  it('a file edited by hand is rewritten; other files in --out are left alone', async () => {
    const cwd = project();
    put(cwd, 'out/keep-me.ts', 'export const mine = 1;\n');
    utimesSync(join(cwd, 'out', 'keep-me.ts'), longAgo, longAgo);
    expect((await run(['echo.xml', '--out', 'out'], { cwd })).code).toBe(0);
    const generated = read(join(cwd, 'out', 'echo-service.ts'));
    writeFileSync(join(cwd, 'out', 'echo-service.ts'), `${generated}// edited\n`);
    const result = await run(['echo.xml', '--out', 'out'], { cwd });
    expect(result.stdout).toBe('wrote out/echo-service.ts\n');
    expect(read(join(cwd, 'out', 'echo-service.ts'))).toBe(generated);
    expect(listFiles(join(cwd, 'out'))).toEqual(['echo-service.ts', 'keep-me.ts']);
    expect(statSync(join(cwd, 'out', 'keep-me.ts')).mtime.getTime()).toBe(longAgo.getTime());
  });
});

describe('deterministic output', () => {
  it('is byte-identical across runs, working directories, path spellings, time zones and locales', async () => {
    const root = temp.make();
    put(root, 'protocols/echo.xml', protocolXml());
    mkdirSync(join(root, 'elsewhere', 'deeper'), { recursive: true });
    const runs = await Promise.all([
      run(['protocols/echo.xml', '--out', 'out1'], { cwd: root }),
      runProcess(['protocols/echo.xml', '--out', 'out2'], { cwd: root, env: { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' } }),
      run(['../../protocols/echo.xml', '--out', '../../out3'], { cwd: join(root, 'elsewhere', 'deeper') }),
      run(['echo.xml', '--out', join(root, 'out4')], { cwd: join(root, 'protocols') }),
      run([join(root, 'protocols', 'echo.xml'), '--out', 'out5'], { cwd: root }),
    ]);
    for (const result of runs) expect(result).toMatchObject({ code: 0, stderr: '' });
    const first = readFileSync(join(root, 'out1', 'echo-service.ts'));
    for (const out of ['out2', 'out3', 'out4', 'out5']) {
      expect(listFiles(join(root, out))).toEqual(['echo-service.ts']);
      expect(readFileSync(join(root, out, 'echo-service.ts')).equals(first)).toBe(true);
    }
    const text = first.toString('utf8');
    expect(text).not.toMatch(/\d{4}-\d\d-\d\d|\d\d:\d\d:\d\d/);
    expect(text).not.toContain(root);
  });

  it('every sample gives the same bytes twice, in this process and in another', async () => {
    const cwd = temp.make();
    const samples = ['binary-checksum', 'handshake', 'push', 'request-response', 'structured-text', 'two-websockets'].map((name) => join(repoRoot, 'samples', name, 'protocol.xml'));
    const [a, b] = await Promise.all([run([...samples, '--out', 'a', '--quiet'], { cwd }), runProcess([...samples, '--out', 'b', '--quiet'], { cwd })]);
    expect(a).toMatchObject({ code: 0, stderr: '' });
    expect(b).toMatchObject({ code: 0, stderr: '' });
    const files = listFiles(join(cwd, 'a')) ?? [];
    expect(files).toHaveLength(6);
    expect(listFiles(join(cwd, 'b'))).toEqual(files);
    for (const file of files) expect(readFileSync(join(cwd, 'b', file)).equals(readFileSync(join(cwd, 'a', file))), file).toBe(true);
  });
});

describe('--check', () => {
  it('fresh output: exit 0, nothing written', async () => {
    const cwd = project();
    expect((await run(['echo.xml', '--out', 'out'], { cwd })).code).toBe(0);
    utimesSync(join(cwd, 'out', 'echo-service.ts'), longAgo, longAgo);
    const before = snapshot(join(cwd, 'out'));
    expect(await run(['echo.xml', '--out', 'out', '--check'], { cwd })).toEqual({ code: 0, signal: null, stdout: 'protogen: 1 file(s) up to date\n', stderr: '' });
    expect(await run(['echo.xml', '--out', 'out', '--check', '--quiet'], { cwd })).toEqual({ code: 0, signal: null, stdout: '', stderr: '' });
    expect(snapshot(join(cwd, 'out'))).toEqual(before);
  });

  it('stale output (the generated file was edited): exit 1, the file named on stderr, nothing written', async () => {
    const cwd = project();
    expect((await run(['echo.xml', '--out', 'out'], { cwd })).code).toBe(0);
    const path = join(cwd, 'out', 'echo-service.ts');
    writeFileSync(path, read(path).replace('Answers what it is sent.', 'Edited by hand.'));
    utimesSync(path, longAgo, longAgo);
    const before = snapshot(join(cwd, 'out'));
    const result = await run(['echo.xml', '--out', 'out', '--check'], { cwd });
    expect(result).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr: 'stale out/echo-service.ts (from echo.xml)\nprotogen: 1 file(s) out of date; run protogen echo.xml --out out\n',
    });
    expect(snapshot(join(cwd, 'out'))).toEqual(before);
  });

  it('stale output (the XML changed) and missing output: each named, exit 1, nothing written', async () => {
    const cwd = project();
    put(cwd, 'other.xml', protocolXml({ name: 'Other Service' }));
    expect((await run(['echo.xml', '--out', 'out'], { cwd })).code).toBe(0);
    put(cwd, 'echo.xml', protocolXml({ description: 'Changed in the XML' }));
    const before = snapshot(join(cwd, 'out'));
    const result = await run(['echo.xml', 'other.xml', '--out', 'out', '--check'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      'stale out/echo-service.ts (from echo.xml)',
      'missing out/other-service.ts (from other.xml)',
      'protogen: 2 file(s) out of date; run protogen echo.xml other.xml --out out',
      '',
    ]);
    expect(snapshot(join(cwd, 'out'))).toEqual(before);
  });

  it('no output directory at all: exit 1 and it is not created', async () => {
    const cwd = project();
    const result = await run(['echo.xml', '--check'], { cwd });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain('missing generated/echo-service.ts (from echo.xml)\n');
    expect(listFiles(cwd)).toEqual(['echo.xml']);
  });

  it('input errors: exit 1 with the diagnostics', async () => {
    const cwd = temp.make();
    copyFixture('pair-without-command.xml', cwd);
    const result = await run(['pair-without-command.xml', '--check'], { cwd });
    expect(result.code).toBe(1);
    expect(diagnostics(result.stderr).map((item) => `${item.line}:${item.column} ${item.code}`)).toEqual(['15:7 PG0022']);
    expect(listFiles(cwd)).toEqual(['pair-without-command.xml']);
  });
});

/** Saves `contents` at `path` the way editors do: a new file renamed over the old one, never half written. */
function saveWhole(path: string, contents: string): void {
  writeFileSync(`${path}.swp`, contents);
  renameSync(`${path}.swp`, path);
}

describe('--watch', () => {
  it('regenerates on every change, keeps running after input errors, stops on SIGTERM', async () => {
    const cwd = project();
    const xml = join(cwd, 'echo.xml');
    const output = join(cwd, 'out', 'echo-service.ts');
    const child = spawnCli(['echo.xml', '--out', 'out', '--watch'], { cwd });
    const stdout = new Lines(child.stdout);
    const stderr = new Lines(child.stderr);
    const regenerated = /^\[watch\] \d\d:\d\d:\d\d wrote 1 file\(s\), 0 unchanged; watching 1 file\(s\)$/;
    const failed = /^\[watch\] \d\d:\d\d:\d\d 1 error\(s\); nothing written; watching 1 file\(s\)$/;
    try {
      let at = await stdout.waitFor(regenerated, 0);
      // One line per run, and nothing else.
      expect(at).toBe(0);
      expect(read(output)).toContain('Answers what it is sent.');

      // A valid change. Every change is saved whole (a new file renamed over the old one, as editors
      // do): a write in place can be seen half done by a watcher on a loaded machine, which is timing.
      saveWhole(xml, protocolXml({ description: 'Second version' }));
      at = await stdout.waitFor(regenerated, at + 1);
      expect(read(output)).toContain('Second version');
      expect(read(output)).not.toContain('Answers what it is sent.');

      // An invalid change: reported, the process keeps running, the output stays as it was.
      const errorsBefore = stderr.lines.length;
      saveWhole(xml, protocolXml({ description: 'Broken' }).replace('  </Pairs>\n', ''));
      at = await stdout.waitFor(failed, at + 1);
      await stderr.waitFor(/PG0001/, errorsBefore);
      expect(stderr.lines.slice(errorsBefore)).toHaveLength(1);
      expect(diagnostics(stderr.lines.slice(errorsBefore).join('\n'))).toEqual([
        { file: 'echo.xml', line: 25, column: 1, severity: 'error', code: 'PG0001', message: 'not well-formed XML: </Protocol> does not close <Pairs> (opened at line 23, column 3)' },
      ]);
      expect(child.exitCode).toBeNull();
      expect(read(output)).toContain('Second version');

      // Valid again.
      saveWhole(xml, protocolXml({ description: 'Third version' }));
      at = await stdout.waitFor(regenerated, at + 1);
      expect(read(output)).toContain('Third version');
      expect(listFiles(join(cwd, 'out'))).toEqual(['echo-service.ts']);
      expect(stdout.lines.every((line) => line.startsWith('[watch] '))).toBe(true);
      expect(stdout.lines).toHaveLength(at + 1);
    } finally {
      child.kill('SIGTERM');
    }
    const { code, signal } = await exited(child);
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
  });

  it('an input that disappears is an error, not a crash; it regenerates when it comes back', async () => {
    const cwd = project();
    const xml = join(cwd, 'echo.xml');
    const child = spawnCli(['echo.xml', '--out', 'out', '--watch', '--quiet'], { cwd });
    const stdout = new Lines(child.stdout);
    const stderr = new Lines(child.stderr);
    try {
      let at = await stdout.waitFor(/wrote 1 file/, 0);
      rmSync(xml);
      at = await stdout.waitFor(/1 error\(s\); nothing written/, at + 1);
      await stderr.waitFor(/PG0006/, 0);
      expect(stderr.lines).toEqual(['echo.xml:1:1: error PG0006: cannot read echo.xml: ENOENT']);
      expect(child.exitCode).toBeNull();
      saveWhole(xml, protocolXml({ description: 'Back again' }));
      at = await stdout.waitFor(/wrote 1 file/, at + 1);
      expect(read(join(cwd, 'out', 'echo-service.ts'))).toContain('Back again');
    } finally {
      child.kill('SIGTERM');
    }
    const { code, signal } = await exited(child);
    expect(code === 0 || signal === 'SIGTERM').toBe(true);
  });
});

describe('--watch usage errors', () => {
  it('an input missing at the start exits 2, as without --watch', async () => {
    const cwd = temp.make();
    expect(await run(['no-such-dir/echo.xml', '--watch'], { cwd })).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr: `protogen: cannot read no-such-dir/echo.xml: ENOENT\n${usageFooter}\n`,
    });
  });
});

describe('input encodings and syntax', () => {
  /** Generates `variants` (each `name/echo.xml`, same base name) and returns each output's bytes. */
  async function outputs(variants: Record<string, string | Uint8Array>): Promise<Record<string, string>> {
    const cwd = temp.make();
    for (const [name, contents] of Object.entries(variants)) put(cwd, `${name}/echo.xml`, contents);
    const results = await Promise.all(Object.keys(variants).map((name) => run([`${name}/echo.xml`, '--out', `out-${name}`], { cwd })));
    results.forEach((result, index) => expect(result, Object.keys(variants)[index]).toMatchObject({ code: 0, stderr: '' }));
    return Object.fromEntries(Object.keys(variants).map((name) => [name, readFileSync(join(cwd, `out-${name}`, 'echo-service.ts')).toString('base64')]));
  }

  it('one or two UTF-8 byte order marks, UTF-16LE and UTF-16BE with a BOM: the same output as plain UTF-8', async () => {
    const text = protocolXml({ description: 'Température – ±0.5 °C ✓' });
    const utf16be = Buffer.from(utf16le(text)).swap16();
    const result = await outputs({ plain: text, bom: withUtf8Boms(text, 1), twoBoms: withUtf8Boms(text, 2), utf16le: utf16le(text), utf16be });
    for (const variant of ['bom', 'twoBoms', 'utf16le', 'utf16be']) expect(result[variant], variant).toBe(result['plain']);
    expect(Buffer.from(result['plain'] ?? '', 'base64').toString('utf8')).toContain('Température – ±0.5 °C ✓');
  });

  it('no <?xml?> declaration, no namespace, comments and CDATA: the same output', async () => {
    const plain = protocolXml({ description: 'a &lt; b &amp;&amp; c &gt; d' });
    const result = await outputs({
      plain,
      noDeclaration: protocolXml({ description: 'a &lt; b &amp;&amp; c &gt; d', declaration: false }),
      noNamespace: protocolXml({ description: 'a &lt; b &amp;&amp; c &gt; d', namespace: undefined }),
      commentsAndCdata: protocolXml({ name: '<![CDATA[Echo]]><!-- <Name>Not this</Name> & --> Service', description: '<![CDATA[a < b && c > d]]>' })
        .replace('  <Params>', '  <Params><!-- <Param id="99"><Name>Commented out</Name></Param> -->')
        .replace('</Protocol>', '<!-- trailing --></Protocol><!-- after the root -->'),
    });
    for (const variant of ['noDeclaration', 'noNamespace', 'commentsAndCdata']) expect(result[variant], variant).toBe(result['plain']);
    const text = Buffer.from(result['plain'] ?? '', 'base64').toString('utf8');
    expect(text).toContain('a < b && c > d');
    expect(text).not.toContain('Commented out');
  });

  it('a bad fixture stays bad with a BOM in front (the BOM is not a syntax error)', async () => {
    const cwd = temp.make();
    put(cwd, 'bom.xml', withUtf8Boms(readFileSync(join(badFixtures, 'root-not-protocol.xml'), 'utf8'), 2));
    const result = await run(['bom.xml'], { cwd });
    expect(result.code).toBe(1);
    expect(diagnostics(result.stderr).map((item) => `${item.line}:${item.column} ${item.code}`)).toEqual(['3:1 PG0002']);
  });
});

describe('as a process (node generator/bin/protogen.js)', () => {
  it('exits 0 after writing, 1 on input errors, 2 on usage errors, and never prints a stack trace', async () => {
    const cwd = project();
    copyFixture('not-well-formed.xml', cwd);
    const wrote = await runProcess(['echo.xml', '--out', 'out'], { cwd });
    expect(wrote).toEqual({ code: 0, signal: null, stdout: `wrote ${join('out', 'echo-service.ts')}\n`, stderr: '' });
    expect(read(join(cwd, 'out', 'echo-service.ts'))).toContain('export class EchoServiceDriver');
    const bad = await runProcess(['not-well-formed.xml', '--out', 'out'], { cwd });
    expect(bad.code).toBe(1);
    expect(diagnostics(bad.stderr).map((d) => d.severity)).toContain('error');
    const usage = await runProcess(['--bogus'], { cwd });
    expect(usage.code).toBe(2);
    expect(usage.stderr.trimEnd().split('\n').pop()).toBe(usageFooter);
    for (const result of [wrote, bad, usage]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('never touching a file protogen did not write', () => {
  it('a symlink planted where the temporary file used to be named is not followed, and no temporary file is left', async () => {
    const cwd = project();
    const victim = put(cwd, 'victim.txt', 'precious\n');
    mkdirSync(join(cwd, 'out'));
    // The name the temporary file had before (`<out>/<name>.ts.<pid>.tmp`: this process runs the CLI).
    symlinkSync(victim, join(cwd, 'out', `echo-service.ts.${process.pid}.tmp`));
    const result = await run(['echo.xml', '--out', 'out'], { cwd });
    expect(result).toEqual({ code: 0, signal: null, stdout: 'wrote out/echo-service.ts\n', stderr: '' });
    expect(read(victim)).toBe('precious\n');
    expect(lstatSync(join(cwd, 'out', 'echo-service.ts')).isFile()).toBe(true);
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual(['echo-service.ts', `echo-service.ts.${process.pid}.tmp`]);
  });

  it('a hand-written file at the output name is refused (PG0008, exit 1, nothing written) unless --force', async () => {
    const cwd = project(protocolXml({ name: 'Index' }));
    const handWritten = put(cwd, 'src/index.ts', "export * from './app.js';\n");
    put(cwd, 'src/app.ts', 'export const app = 1;\n');
    utimesSync(handWritten, longAgo, longAgo);
    const before = snapshot(join(cwd, 'src'));
    const refused = await run(['echo.xml', '--out', 'src'], { cwd });
    expect(refused).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr:
        'src/index.ts:1:1: error PG0008: not written by protogen (it has no protogen banner): refusing to replace it with the driver from echo.xml\n' +
        '  pass --force to replace it, or choose another --out\n' +
        'protogen: 1 error(s); nothing written\n',
    });
    expect(snapshot(join(cwd, 'src'))).toEqual(before);
    // --check writes nothing, so it refuses nothing: the file is simply stale.
    expect(await run(['echo.xml', '--out', 'src', '--check'], { cwd })).toMatchObject({ code: 1 });

    expect(await run(['echo.xml', '--out', 'src', '--force'], { cwd })).toEqual({ code: 0, signal: null, stdout: 'wrote src/index.ts\n', stderr: '' });
    expect(read(handWritten)).toContain('export class IndexDriver');
    // Now it is protogen's: replaced without --force.
    put(cwd, 'echo.xml', protocolXml({ name: 'Index', description: 'Changed' }));
    expect(await run(['echo.xml', '--out', 'src'], { cwd })).toMatchObject({ code: 0, stdout: 'wrote src/index.ts\n', stderr: '' });
    expect(read(join(cwd, 'src', 'app.ts'))).toBe('export const app = 1;\n');
  });

  it('every committed driver carries the banner the writer looks for', () => {
    const generated = join(repoRoot, 'generated');
    const drivers = readdirSync(generated).filter((name) => name.endsWith('.ts'));
    expect(drivers.length).toBeGreaterThan(5);
    for (const name of drivers) expect(hasBanner(read(join(generated, name))), name).toBe(true);
    expect(hasBanner("export * from './app.js';\n")).toBe(false);
    expect(hasBanner('/** my notes */\n// generated by protogen\n')).toBe(false);
  });
});

describe('huge names', () => {
  it('a 20 MB <Name> gives identifiers of at most 100 letters, cut at a word', async () => {
    const huge = 'Ab-'.repeat(7_000_000);
    const cwd = project(protocolXml({ name: huge }).replace('<Name>Reply</Name>', `<Name>${huge}</Name>`));
    const result = await run(['echo.xml', '--out', 'out', '--quiet'], { cwd });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const [file] = listFiles(join(cwd, 'out')) ?? [];
    expect(file).toBe(`${'ab-'.repeat(32)}ab.ts`);
    const text = read(join(cwd, 'out', file as string));
    // No identifier (the longest is the class, 100 letters + `Driver`) runs past 110 characters.
    expect(/[\w$]{111}/.test(text)).toBe(false);
    expect(text).toContain(`export class ${'Ab'.repeat(50)}Driver`);
    expect(text).toContain(`readonly ${'ab'}${'Ab'.repeat(49)}: string`);
  }, 60_000);
});

describe('the packages', () => {
  it('each ships the MIT LICENSE and publishes no install-time script', () => {
    const license = read(join(repoRoot, 'LICENSE'));
    expect(license.startsWith('MIT License\n\nCopyright (c) 2026 the protogen authors\n')).toBe(true);
    for (const name of ['runtime', 'mock', 'generator']) {
      const pkg = JSON.parse(read(join(repoRoot, name, 'package.json'))) as { license: string; files: string[]; scripts?: Record<string, string> };
      expect(pkg.license).toBe('MIT');
      expect(pkg.files).toContain('LICENSE');
      expect(read(join(repoRoot, name, 'LICENSE'))).toBe(license);
      for (const script of ['prepare', 'preinstall', 'install', 'postinstall']) expect(pkg.scripts?.[script], `${name} ${script}`).toBeUndefined();
    }
  });
});

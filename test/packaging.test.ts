// What an application installs: the packed runtime alone, into an empty project, is enough to compile
// a generated driver under the strictest settings and drive a real WebSocket device (the mock, in this process), and it brings no
// part of the generator (no XML parser, no template engine) with it. undici and net-snmp are optional peers: a
// WebSocket-only application runs without them; an HTTP or SNMP driver says how to install its one, and runs once it is there.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockDevice, type MockDevice } from '@protogen-dm/mock';
import snmp from 'net-snmp';
import { startAgent, type TestAgent } from './snmp/agent.js';
import { echoServiceProtocol } from '../generated/echo-service.js';
import { shelfInventoryProtocol } from '../generated/shelf-inventory.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');

let app: string;
let device: MockDevice;
let httpDevice: MockDevice;
let snmpAgent: TestAgent;
/** Whether the one tsc run over the application passed, and what it printed (beforeAll). */
let compiled: { ok: boolean; output: string } = { ok: false, output: 'not compiled' };

beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), 'protogen-app-'));
  const { stdout } = await run('npm', ['pack', '-w', 'runtime', '--pack-destination', app, '--silent'], { cwd: root });
  const tarball = stdout.trim().split('\n').pop() as string;
  const typesNode = (JSON.parse(readFileSync(join(root, 'node_modules/@types/node/package.json'), 'utf8')) as { version: string }).version;
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'app', private: true, type: 'module', dependencies: { '@protogen-dm/runtime': `file:./${tarball}` }, devDependencies: { '@types/node': typesNode } }),
  );
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent'], { cwd: app, timeout: 120_000 });

  device = await createMockDevice(echoServiceProtocol, { port: 0 });
  device.set({ lastEcho: 'pong' });
  httpDevice = await createMockDevice(shelfInventoryProtocol, { port: 0 });
  httpDevice.set({ responseBody: '[]' });
  snmpAgent = await startAgent([{ name: 'sysName', oid: '1.3.6.1.2.1.1.5', type: snmp.ObjectType.OctetString, value: 'packaged-ups' }]);
  // The three programs are compiled by one tsc run (a strict run over @types/node costs seconds), before
  // undici and net-snmp are installed: the HTTP and SNMP drivers must compile without them.
  writeApplication();
  compiled = await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: app }).then(
    ({ stdout }) => ({ ok: true, output: stdout }),
    (error: { stdout?: string }) => ({ ok: false, output: error.stdout ?? String(error) }),
  );
}, 180_000);

/** The application: a WebSocket, an HTTP and an SNMP program (the first two with their generated drivers) and a strict tsconfig. */
function writeApplication(): void {
  mkdirSync(join(app, 'src'));
  copyFileSync(join(root, 'generated/echo-service.ts'), join(app, 'src/echo-service.ts'));
  writeFileSync(
    join(app, 'src/main.ts'),
    [
      "import { EchoServiceDriver } from './echo-service.js';",
      `const driver = new EchoServiceDriver({ connections: { webSocketConnection: { url: '${device.url(0)}' } } });`,
      'await driver.connect();',
      'const reply: { lastEcho: string } = await driver.heartbeat();',
      'console.log(JSON.stringify(reply));',
      'await driver.close();',
      '',
    ].join('\n'),
  );
  copyFileSync(join(root, 'generated/shelf-inventory.ts'), join(app, 'src/shelf-inventory.ts'));
  writeFileSync(
    join(app, 'src/http-main.ts'),
    [
      "import { ShelfInventoryDriver } from './shelf-inventory.js';",
      `const driver = new ShelfInventoryDriver({ connections: { shelfAPI: { url: '${httpDevice.url(0)}' } } });`,
      'try {',
      '  await driver.connect();',
      "  const reply: { readonly statusLine: string; readonly responseBody: string } = await driver.listItems({ apiToken: 'k' });",
      '  console.log(JSON.stringify(reply));',
      '} catch (error) {',
      '  console.log(String(error));',
      '}',
      'await driver.close();',
      '',
    ].join('\n'),
  );
  // Hand-written as the generator emits it (the SNMP generator lands separately).
  writeFileSync(
    join(app, 'src/snmp-main.ts'),
    [
      "import { Driver, type DriverOptions, type ProtocolSpec, type SnmpApi } from '@protogen-dm/runtime';",
      'interface UpsParams { systemName: string }',
      'const spec: ProtocolSpec = {',
      "  name: 'UPS', version: '1', commands: [], responses: [], pairs: [],",
      "  connections: [{ id: 0, key: 'snmpConnection', name: 'SNMP', kind: 'snmp', snmp: { version: 'v2c' } }],",
      "  params: [{ id: 1, key: 'systemName', role: 'read', value: 'string', raw: 'other', lengthType: 'next param' }],",
      "  snmp: { params: [{ param: 1, connection: 0, oid: '1.3.6.1.2.1.1.5.0' }], tables: [], traps: [] },",
      '};',
      "class UpsDriver extends Driver<UpsParams, 'snmpConnection', never, 'snmpConnection'> {",
      "  declare readonly snmp: SnmpApi<Pick<UpsParams, 'systemName'>, object, object, object>;",
      "  constructor(options: DriverOptions<'snmpConnection', never, 'snmpConnection'>) { super(spec, options); }",
      '}',
      `const driver = new UpsDriver({ connections: { snmpConnection: { url: '${snmpAgent.url}' } } });`,
      'try {',
      '  await driver.connect();',
      "  const name: string = await driver.snmp.get('systemName');",
      '  console.log(JSON.stringify({ name }));',
      '} catch (error) {',
      '  console.log(String(error));',
      '}',
      'await driver.close();',
      '',
    ].join('\n'),
  );
  const base = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: object };
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...base.compilerOptions, skipLibCheck: false, outDir: 'dist', rootDir: 'src' }, include: ['src'] }));
}

afterAll(async () => {
  await device?.close();
  await httpDevice?.close();
  await snmpAgent?.close();
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('the runtime package installed alone', () => {
  it('installs ws and nothing of the generator, and neither undici nor net-snmp (optional peers)', () => {
    const installed = readdirSync(join(app, 'node_modules'));
    expect(installed).toContain('ws');
    expect(installed).not.toContain('undici');
    expect(installed).not.toContain('net-snmp');
    expect(readdirSync(join(app, 'node_modules/@protogen-dm'))).toEqual(['runtime']);
    for (const generatorOnly of ['saxes', 'handlebars', 'xmlchars', 'typescript']) expect(installed).not.toContain(generatorOnly);
  });

  it('compiles a generated driver under the strictest settings and drives a real server', async () => {
    expect(compiled).toEqual({ ok: true, output: '' });
    expect(existsSync(join(app, 'dist/main.js'))).toBe(true);
    const { stdout } = await run(process.execPath, ['dist/main.js'], { cwd: app, timeout: 20_000 });
    expect(stdout.trim()).toBe('{"lastEcho":"pong"}');
  }, 60_000);

  it('compiles an HTTP driver without undici; connect() says to install it, and once installed the session runs', async () => {
    expect(compiled).toEqual({ ok: true, output: '' });
    expect(existsSync(join(app, 'dist/http-main.js'))).toBe(true);
    const without = await run(process.execPath, ['dist/http-main.js'], { cwd: app, timeout: 20_000 });
    expect(without.stdout.trim()).toBe("ConnectError: Connection 'shelfAPI' could not be opened to " + httpDevice.url(0) + ": HTTP connections need the 'undici' package: npm install undici");
    // Installed from the workspace's own copy: no registry needed.
    await run('npm', ['install', '--no-audit', '--no-fund', '--silent', '--no-save', '--ignore-scripts', join(root, 'node_modules/undici')], { cwd: app, timeout: 120_000 });
    const withUndici = await run(process.execPath, ['dist/http-main.js'], { cwd: app, timeout: 20_000 });
    expect(JSON.parse(withUndici.stdout.trim())).toMatchObject({ statusLine: 'HTTP/1.1 200 OK', responseBody: '[]' });
  }, 120_000);

  it('compiles an SNMP driver without net-snmp; connect() says to install it, and once installed the read runs', async () => {
    expect(compiled).toEqual({ ok: true, output: '' });
    expect(existsSync(join(app, 'dist/snmp-main.js'))).toBe(true);
    const without = await run(process.execPath, ['dist/snmp-main.js'], { cwd: app, timeout: 20_000 });
    expect(without.stdout.trim()).toBe(`ConnectError: Connection 'snmpConnection' could not be opened to ${snmpAgent.url}: SNMP connections need the 'net-snmp' package: npm install net-snmp`);
    await run('npm', ['install', '--no-audit', '--no-fund', '--silent', '--no-save', '--ignore-scripts', join(root, 'node_modules/net-snmp')], { cwd: app, timeout: 120_000 });
    const withNetSnmp = await run(process.execPath, ['dist/snmp-main.js'], { cwd: app, timeout: 20_000 });
    expect(JSON.parse(withNetSnmp.stdout.trim())).toEqual({ name: 'packaged-ups' });
  }, 120_000);
});

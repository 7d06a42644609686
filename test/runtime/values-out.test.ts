// Issue 11 items 13–14: a value that cannot be encoded faithfully rejects the call before anything is
// sent; values outside Interprete/Range or the Discreets reject unless `checkValues: false`.
import { afterEach, describe, expect, it } from 'vitest';
import { Driver, type CallOptions, type DriverOptions, type ParamSpec, type ProtocolSpec } from '@protogen-dm/runtime';
import { Cleanup, rejection } from './helpers.js';
import { TestServer } from './server.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const hex = (ascii: string): string => Buffer.from(ascii, 'utf8').toString('hex');
const header = (id: number, ascii: string): ParamSpec => ({
  id,
  key: `header${id}`,
  role: 'header',
  value: 'string',
  raw: 'other',
  lengthType: 'fixed',
  length: ascii.length,
  constant: hex(ascii),
});
const write = (id: number, key: string, extra: Partial<ParamSpec>): ParamSpec => ({
  id,
  key,
  role: 'write',
  value: 'string',
  raw: 'other',
  lengthType: 'next param',
  ...extra,
});

/** One push pair per kind of value; each command is a header and the value. */
const kinds: [string, ParamSpec, ParamSpec?][] = [
  ['fixedText', write(1, 'fixedText', { lengthType: 'fixed', length: 4 })],
  ['float', write(2, 'float', { value: 'number', raw: 'double', lengthType: 'fixed', length: 4 })],
  ['digits', write(3, 'digits', { raw: 'numeric text' })],
  ['delimited', write(4, 'delimited', {}), { ...header(90, ';'), role: 'trailer' }],
  ['required', write(5, 'required', {})],
  ['ranged', write(6, 'ranged', { value: 'number', raw: 'numeric text', low: 0, high: 10 })],
  ['discrete', write(7, 'discrete', { discretes: ['on', 'off'] })],
  ['integer', write(8, 'integer', { value: 'number', raw: 'unsigned number', lengthType: 'fixed', length: 1 })],
];

const spec: ProtocolSpec = {
  name: 'Values',
  version: '1.0',
  connections: [{ id: 0, key: 'main', name: 'Main' }],
  params: [...kinds.flatMap(([, param, trailer]) => (trailer ? [param, trailer] : [param])), ...kinds.map((_, i) => header(20 + i, `${i}:`))],
  commands: kinds.map(([key, param, trailer], i) => ({ id: i + 1, key, params: [20 + i, param.id, ...(trailer ? [trailer.id] : [])], text: false })),
  responses: [],
  pairs: kinds.map(([key], i) => ({ id: i + 1, key, command: i + 1, responses: [], badResponses: [], connection: 0 })),
};

class ValuesDriver extends Driver<Record<string, unknown>, 'main'> {
  constructor(options: DriverOptions<'main'>) {
    super(spec, options);
  }

  send(key: string, values: object | undefined, options?: CallOptions): Promise<unknown> {
    return this.request(kinds.findIndex(([k]) => k === key) + 1, values, options);
  }
}

async function setup(options: Omit<DriverOptions<'main'>, 'connections'> = {}): Promise<{ server: TestServer; driver: ValuesDriver }> {
  const server = cleanup.add(await TestServer.start());
  const driver = cleanup.add(new ValuesDriver({ ...options, connections: { main: { url: server.url() } } }));
  await driver.connect();
  return { server, driver };
}

/** The call rejects with a RangeError matching `message`, and nothing reaches the device. */
async function refused(server: TestServer, driver: ValuesDriver, key: string, values: object, message: RegExp): Promise<void> {
  const error = await rejection(driver.send(key, values));
  expect(error).toBeInstanceOf(RangeError);
  expect((error as Error).message).toMatch(message);
  await driver.send('fixedText', { fixedText: 'ok' });
  const frames = await server.waitForFrames(1);
  expect(frames.map((f) => f.text)).toEqual(['0:ok  ']);
}

describe('values that cannot be encoded faithfully', () => {
  it('rejects a string longer than its fixed length (it used to be cut)', async () => {
    const { server, driver } = await setup();
    await refused(server, driver, 'fixedText', { fixedText: 'toolong' }, /param 1 'fixedText'.*7 bytes.*4/);
  });

  it('rejects a number a 4-byte float cannot hold (it used to be +Infinity)', async () => {
    const { server, driver } = await setup();
    await refused(server, driver, 'float', { float: 1e300 }, /param 2 'float'.*1e\+300.*4-byte float/);
  });

  it('rejects numeric text holding characters that are not bytes (it used to send their low byte)', async () => {
    const { server, driver } = await setup();
    await refused(server, driver, 'digits', { digits: 'ıĲ' }, /param 3 'digits'.*"ıĲ"/);
  });

  it('rejects a value that contains its own closing delimiter', async () => {
    const { server, driver } = await setup();
    await refused(server, driver, 'delimited', { delimited: 'a;b' }, /param 4 'delimited'.*contains its delimiter 3b/);
  });

  it('rejects a missing value that has no default (it used to be empty or zeros)', async () => {
    const { server, driver } = await setup();
    await refused(server, driver, 'required', {}, /param 5 'required'.*missing/);
    await expect(rejection(driver.send('integer', undefined))).resolves.toBeInstanceOf(RangeError);
  });
});

describe('Range and Discreets on send', () => {
  it('rejects a value outside Interprete/Range', async () => {
    const { server, driver } = await setup();
    await refused(server, driver, 'ranged', { ranged: 11 }, /param 6 'ranged'.*11.*0 to 10/);
  });

  it('rejects a value outside the Discreets', async () => {
    const { server, driver } = await setup();
    await refused(server, driver, 'discrete', { discrete: 'maybe' }, /param 7 'discrete'.*"maybe".*"on", "off"/);
  });

  it('sends them unchanged with checkValues: false', async () => {
    const { server, driver } = await setup({ checkValues: false });
    await driver.send('ranged', { ranged: 11 });
    await driver.send('discrete', { discrete: 'maybe' });
    const frames = await server.waitForFrames(2);
    expect(frames.map((f) => f.text)).toEqual(['5:11', '6:maybe']);
  });
});

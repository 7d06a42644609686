// The public serial and smart-serial connectors of issue 14 item 8, read from a folder outside the
// repository (their licence forbids committing them): PROTOGEN_CORPUS=/work/corpus/serial. Skipped
// when unset. Files (pinned commits, see README "Serial and smart-serial"): srm-git.xml, srm-svn.xml
// (Serial Response Matching), smart-serial-git.xml, smart-serial-svn.xml, emberplus.xml, gvampp.xml.
// Each is compiled in-process; every pair must get a method; each is driven against its own mock and
// against a node:net device of ours that writes the research notes' test vectors.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileSpec } from '@protogen-dm/generator';
import { createMockDevice } from '@protogen-dm/mock';
import { Driver, type ProtocolSpec } from '@protogen-dm/runtime';
import { Cleanup } from '../runtime/helpers.js';
import { tcpDevice } from '../serial/device.js';

const folder = process.env['PROTOGEN_CORPUS'];
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

function specOf(file: string): ProtocolSpec {
  const path = join(folder ?? '', file);
  const { spec, diagnostics } = compileSpec({ file, contents: readFileSync(path) });
  if (spec === undefined) throw new Error(`${file}: ${diagnostics.map((d) => d.message).join('; ')}`);
  return spec;
}

/** Any protocol's driver: pair methods by id, params by id. */
class AnyDriver extends Driver<Record<string, unknown>, string> {
  readonly #spec: ProtocolSpec;
  constructor(spec: ProtocolSpec, url: string) {
    // The first connection is the serial one of every file here; any other (GvAmpp's HTTP) is left out.
    super(spec, { connections: Object.fromEntries(spec.connections.map((connection, index) => [connection.key, index === 0 ? { url } : false])) });
    this.#spec = spec;
  }
  run(pair: number, values: Record<string, unknown> = {}, timeoutMs = 300): Promise<unknown> {
    return this.request(pair, values, { timeoutMs });
  }
  key(param: number): string {
    return this.#spec.params.find((p) => p.id === param)?.key ?? `unknown ${param}`;
  }
  param(id: number): unknown {
    return this.params.get(this.key(id));
  }
}

async function driverFor(spec: ProtocolSpec, url: string): Promise<AnyDriver> {
  const driver = cleanup.add(new AnyDriver(spec, url));
  await driver.connect();
  return driver;
}

const has = (file: string): boolean => folder !== undefined && existsSync(join(folder, file));
const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

describe.skipIf(folder === undefined)('corpus: Serial Response Matching (serial)', () => {
  for (const file of ['srm-git.xml', 'srm-svn.xml']) {
    describe.skipIf(!has(file))(file, () => {
      it('six pairs, six methods, one serial connection with TimeoutTime 5000', () => {
        const spec = specOf(file);
        expect(spec.pairs.map((pair) => pair.id)).toEqual([100, 200, 300, 400, 500, 600]);
        expect(spec.connections).toMatchObject([{ id: 0, kind: 'serial', timeoutMs: 5000 }]);
      });

      it('every pair against its own mock', async () => {
        const spec = specOf(file);
        const mock = cleanup.add(await createMockDevice(spec, { port: 0 }));
        const driver = await driverFor(spec, mock.url(0));
        for (const pair of spec.pairs) await expect(driver.run(pair.id)).resolves.toBeTypeOf('object');
        expect(mock.received().map((frame) => frame.command)).toEqual(['commandA', 'commandB', 'commandC', 'commandD', 'commandE', 'commandF']);
      });

      it('against a node:net device writing the documented examples, each split awkwardly', async () => {
        const spec = specOf(file);
        const answers: Record<string, Buffer[]> = {
          COMMAND_A: [ascii('[STA'), ascii('RT]my'), ascii('Test[END]')],
          COMMAND_B: [ascii('COMMAND_B:MyDataXXXX')],
          COMMAND_C: [...ascii('COMMAND_CMyTest:02BB')].map((byte) => Buffer.of(byte)),
          COMMAND_D: [ascii('[START]02AA[END]')],
          COMMAND_E: [ascii('COMMAND_EMyTest:02AA')],
          COMMAND_F: [ascii('getData12;:'), ascii('abcdefghijkl')],
        };
        const device = cleanup.add(await tcpDevice((chunk, d) => d.write(answers[chunk.toString('latin1')] ?? [], 3)));
        const driver = await driverFor(spec, device.url);
        await expect(driver.run(100)).resolves.toEqual({ [driver.key(101)]: 'myTest' });
        await expect(driver.run(200)).resolves.toEqual({ [driver.key(200)]: 'COMMAND_B', [driver.key(202)]: 'MyData' });
        await expect(driver.run(300)).resolves.toMatchObject({ [driver.key(301)]: 'MyTest', [driver.key(304)]: 'BB' });
        await expect(driver.run(400)).resolves.toEqual({ [driver.key(402)]: 'AA' });
        // Response E completes only at the timeout.
        await expect(driver.run(500)).resolves.toMatchObject({ [driver.key(501)]: 'MyTest', [driver.key(504)]: 'AA' });
        await expect(driver.run(600)).resolves.toMatchObject({ [driver.key(603)]: 'abcdefghijkl' });
        expect(device.received.map((chunk) => chunk.toString('latin1'))).toEqual(Object.keys(answers));
      });
    });
  }
});

describe.skipIf(folder === undefined)('corpus: Smart-Serial (a pure listener)', () => {
  for (const file of ['smart-serial-git.xml', 'smart-serial-svn.xml']) {
    describe.skipIf(!has(file))(file, () => {
      it('no methods; push params filled by its own mock', async () => {
        const spec = specOf(file);
        expect(spec.pairs).toEqual([]);
        expect(spec.connections).toMatchObject([{ kind: 'smart-serial', delimiters: [{ header: '240020', trailer: 'fc' }] }]);
        const mock = cleanup.add(await createMockDevice(spec, { port: 0, pushIntervalMs: 10 }));
        const driver = await driverFor(spec, mock.url(0));
        await vi.waitFor(() => expect(driver.param(1001)).toBeDefined());
        expect(driver.param(1000)).toBeTypeOf('number');
      });

      it("the licence comment's six vectors against a node:net device: 1, 1, 3, 3, 2 and 1 (+1 unmatched) updates", async () => {
        const spec = specOf(file);
        const frame = (prefix: number, index: number, letter: string): Buffer =>
          Buffer.concat([Buffer.of(prefix, 0x00, 0x20), Buffer.from([0, 0, 0, index]), ascii(`Test${letter}`), Buffer.of(0xfc)]);
        const junk = Buffer.of(1, 2, 3);
        const vectors: [Buffer, number, number][] = [
          [frame(0x24, 1, 'A'), 1, 0],
          [frame(0x25, 5, 'E'), 1, 0],
          [Buffer.concat([frame(0x24, 1, 'A'), frame(0x24, 2, 'B'), frame(0x24, 3, 'C')]), 3, 0],
          [Buffer.concat([frame(0x25, 5, 'E'), frame(0x25, 6, 'F'), frame(0x25, 7, 'G')]), 3, 0],
          [Buffer.concat([frame(0x24, 1, 'A'), junk, frame(0x24, 2, 'B')]), 2, 1],
          [Buffer.concat([frame(0x25, 5, 'E'), junk, frame(0x25, 6, 'F')]), 1, 1],
        ];
        const device = cleanup.add(await tcpDevice(() => {}));
        const driver = await driverFor(spec, device.url);
        const updates: unknown[] = [];
        const unmatched: Buffer[] = [];
        driver.params.on(driver.key(1000), (value) => updates.push(value));
        driver.on('unmatched', (_connection, bytes) => unmatched.push(Buffer.from(bytes)));
        for (const [bytes, pushes, junkFrames] of vectors) {
          updates.length = 0;
          unmatched.length = 0;
          await device.write([bytes]);
          await vi.waitFor(() => expect([updates.length, unmatched.length]).toEqual([pushes, junkFrames]));
        }
        expect(driver.param(1001)).toBe('TestE');
      });
    });
  }
});

describe.skipIf(!has('emberplus.xml'))('corpus: Ember+ (smart-serial, S101 frames in string params)', () => {
  it('one method; its own mock answers it and pushes', async () => {
    const spec = specOf('emberplus.xml');
    expect(spec.pairs.map((pair) => pair.key)).toEqual(['sendChassisEmberPacket']);
    const mock = cleanup.add(await createMockDevice(spec, { port: 0, pushIntervalMs: 10 }));
    const driver = await driverFor(spec, mock.url(0));
    await expect(driver.run(50, { [driver.key(52)]: '\u0000\u000e\u0001\u0001' })).resolves.toBeTypeOf('object');
    await vi.waitFor(() => expect(driver.param(53)).toBeDefined());
  });

  it('binary between FE and FF keeps every byte; a keep-alive while the pair waits answers it; without a pair it is push', async () => {
    const spec = specOf('emberplus.xml');
    const inner = Buffer.of(0x00, 0x0e, 0x01, 0x01, 0xfd, 0xd8, 0x80, 0xf7, 0x00, 0x9c, 0xa5);
    const device = cleanup.add(await tcpDevice((_chunk, d) => d.write([Buffer.concat([Buffer.of(0xfe), inner.subarray(0, 5)]), Buffer.concat([inner.subarray(5), Buffer.of(0xff)])], 2)));
    const driver = await driverFor(spec, device.url);
    const request = Buffer.of(0x00, 0x0e, 0x02, 0x01, 0xc3, 0x9f).toString('latin1');
    await expect(driver.run(50, { [driver.key(52)]: request })).resolves.toEqual({ [driver.key(53)]: inner.toString('latin1') });
    expect(device.received[0]).toEqual(Buffer.concat([Buffer.of(0xfe), Buffer.from(request, 'latin1'), Buffer.of(0xff)]));
    const pushed: unknown[] = [];
    driver.params.on(driver.key(53), (value) => pushed.push(value));
    await device.write([Buffer.of(0xfe, 0x01, 0xff)]);
    await vi.waitFor(() => expect(pushed).toEqual(['\u0001']));
  });
});

describe.skipIf(!has('gvampp.xml'))('corpus: GV AMPP (smart-serial, raw chunks, catch-all response)', () => {
  it('the command-only pair is a method that resolves once written; its own mock pushes the catch-all', async () => {
    const spec = specOf('gvampp.xml');
    expect(spec.pairs.map((pair) => pair.key)).toEqual(['responseToAmpp']);
    expect(spec.connections.map((connection) => connection.kind)).toEqual(['smart-serial', 'http']);
    const mock = cleanup.add(await createMockDevice(spec, { port: 0, pushIntervalMs: 10 }));
    const driver = await driverFor(spec, mock.url(0));
    await expect(driver.run(40, { [driver.key(41)]: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' })).resolves.toBeUndefined();
    await vi.waitFor(() => expect(driver.param(40)).toBeDefined());
  });

  it('in server mode (as deployed: AMPP dials the element on IP any): its own mock dials the driver, pushes, and gets the answer', async () => {
    const spec = specOf('gvampp.xml');
    const mock = cleanup.add(await createMockDevice(spec, { port: 0, pushIntervalMs: 10 }));
    const connections = Object.fromEntries(spec.connections.map((connection, index) => [connection.key, index === 0 ? { url: 'tcp://127.0.0.1:0', listen: true } : (false as const)]));
    const driver = cleanup.add(new (class extends Driver<Record<string, unknown>, string> {
      run(values: Record<string, unknown>): Promise<unknown> {
        return this.request(40, values, undefined);
      }
    })(spec, { connections }));
    const port = new Promise<number>((resolve) => driver.on('listening', (_connection, address) => resolve(address.port)));
    const connected = driver.connect();
    await mock.dial(0, `tcp://127.0.0.1:${await port}`);
    await connected;
    const key40 = spec.params.find((param) => param.id === 40)?.key ?? '';
    await vi.waitFor(() => expect(driver.params.get(key40)).toBeDefined());
    const reply = 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n';
    await expect(driver.run({ [spec.params.find((param) => param.id === 41)?.key ?? '']: reply })).resolves.toBeUndefined();
    await vi.waitFor(() => expect(mock.received().map((frame) => frame.command)).toContain('responseToAmpp'));
  });

  it('an HTTP POST in one write is one frame; in two writes 50 ms apart it is two frames (periodic 15 ms forwarding)', async () => {
    const spec = specOf('gvampp.xml');
    const device = cleanup.add(await tcpDevice(() => {}));
    const driver = await driverFor(spec, device.url);
    const frames: unknown[] = [];
    driver.params.on(driver.key(40), (value) => frames.push(value));
    const head = 'POST /notify HTTP/1.1\r\ntoken: t\r\nContent-Length: 13\r\n\r\n';
    const body = '{"state":"ü"}';
    await device.write([Buffer.from(head + body)]);
    await vi.waitFor(() => expect(frames).toHaveLength(1));
    expect(frames[0]).toBe(Buffer.from(head + body).toString('latin1'));
    frames.length = 0;
    await device.write([Buffer.from(head), Buffer.from(body)], 50);
    await vi.waitFor(() => expect(frames).toHaveLength(2));
  });
});

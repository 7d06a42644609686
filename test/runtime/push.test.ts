import { afterEach, describe, expect, it } from 'vitest';
import type { ParamChange } from '@protogen-dm/runtime';
import { Cleanup, record, until } from './helpers.js';
import { TestServer } from './server.js';
import { EchoDriver } from './specs.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function setup(): Promise<{ server: TestServer; driver: EchoDriver }> {
  const server = cleanup.add(await TestServer.start());
  const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
  await driver.connect();
  await server.waitForConnections(1);
  return { server, driver };
}

describe('push data and params', () => {
  it('delivers every pushed message to the param listener, in order, none lost', async () => {
    const { server, driver } = await setup();
    const count = 2000;
    const values: string[] = [];
    const infos: ParamChange<string, 'main'>[] = [];
    driver.params.on('eventText', (value, info) => {
      values.push(value);
      infos.push(info);
    });
    const last = driver.params.once('eventText');
    for (let i = 0; i < count; i++) server.push(i === count - 1 ? 'E:last' : `E:${i % 3 === 0 ? 'same' : i}`);
    await until(() => values.length === count);
    await expect(last).resolves.toBe('same');

    const expected = Array.from({ length: count }, (_, i) => (i === count - 1 ? 'last' : i % 3 === 0 ? 'same' : String(i)));
    expect(values).toEqual(expected);
    expect(infos[0]).toEqual({ changed: true, previous: undefined, connection: 'main', responseId: 2 });
    expect(infos[1]).toEqual({ changed: true, previous: 'same', connection: 'main', responseId: 2 });
    expect(driver.params.get('eventText')).toBe('last');
  });

  it('fires for every value, with changed = false for a repeat', async () => {
    const { server, driver } = await setup();
    const changes: boolean[] = [];
    driver.params.on('eventText', (_value, info) => changes.push(info.changed));
    server.push('E:x');
    server.push('E:x');
    server.push('E:y');
    await until(() => changes.length === 3);
    expect(changes).toEqual([true, false, true]);
  });

  it('stops calling a listener once unsubscribed', async () => {
    const { server, driver } = await setup();
    const seen: string[] = [];
    const off = driver.params.on('eventText', (value) => seen.push(value));
    server.push('E:1');
    await driver.params.once('eventText');
    off();
    off();
    server.push('E:2');
    await driver.params.once('eventText');
    expect(seen).toEqual(['1']);
  });

  it('once rejects with the signal reason when aborted', async () => {
    const { driver } = await setup();
    const controller = new AbortController();
    const waiting = driver.params.once('eventText', controller.signal);
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    await expect(driver.params.once('eventText', AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('starts from default values; set stores and notifies; snapshot copies', async () => {
    const server = cleanup.add(await TestServer.start());
    const driver = cleanup.add(new EchoDriver({ connections: { main: { url: server.url() } } }));
    expect(driver.params.get('token')).toBe('secret-1');
    expect(driver.params.get('eventText')).toBeUndefined();
    const seen: unknown[] = [];
    driver.params.on('token', (value, info) => seen.push([value, info]));
    driver.params.set('token', 'secret-2');
    expect(seen).toEqual([['secret-2', { changed: true, previous: 'secret-1', connection: undefined, responseId: undefined }]]);
    const snapshot = driver.params.snapshot();
    expect(snapshot).toEqual({ token: 'secret-2', path: '/dev/ws' });
    driver.params.set('token', 'secret-3');
    expect(snapshot.token).toBe('secret-2');
  });

  it('reports a throwing listener as an error event and keeps delivering', async () => {
    const { server, driver } = await setup();
    const events = record(driver);
    const seen: string[] = [];
    driver.params.on('eventText', () => {
      throw new Error('listener bug');
    });
    driver.params.on('eventText', (value) => seen.push(value));
    server.push('E:1');
    server.push('E:2');
    await until(() => seen.length === 2);
    expect(seen).toEqual(['1', '2']);
    expect(events.errors.map((e) => e.message)).toEqual(['listener bug', 'listener bug']);
  });

  it('never throws when nobody listens to errors', async () => {
    const { server, driver } = await setup();
    const seen: string[] = [];
    driver.params.on('eventText', (value) => {
      seen.push(value);
      throw new Error('nobody hears this');
    });
    server.push('E:1');
    server.push('E:2');
    await until(() => seen.length === 2);
    expect(driver.state('main')).toBe('open');
  });
});

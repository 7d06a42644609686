// A protocol with two connections used with one: `connections.events: false` leaves the events connection
// out. The driver opens only the control connection; the events pair rejects with ConnectionClosedError.
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionClosedError } from '@protogen-dm/runtime';
import { Cleanup } from './helpers.js';
import { TestServer } from './server.js';
import { TwoDriver } from './specs.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('a connection left out with false', () => {
  it('is never opened, stays closed, and its pairs reject with ConnectionClosedError naming it', async () => {
    const control = cleanup.add(await TestServer.start());
    control.handler = (frame, s) => s.send(frame.socket, `R:got ${frame.text}`);
    const driver = cleanup.add(new TwoDriver({ connections: { control: { url: control.url() }, events: false } }));
    await driver.connect();
    expect(driver.state('control')).toBe('open');
    expect(driver.state('events')).toBe('closed');
    await expect(driver.control({ command: 'a' })).resolves.toEqual({ reply: 'got C:a' });

    const refused = driver.subscribe({ command: 'b' });
    await expect(refused).rejects.toBeInstanceOf(ConnectionClosedError);
    await expect(refused).rejects.toMatchObject({
      connection: 'events',
      message: "Connection 'events' is left out (options.connections.events is false): pair 'subscribe' cannot run",
    });
    expect(control.frames.map((frame) => frame.text)).toEqual(['C:a']);
  });

  it('is an opt-in: leaving a key out is still a type error and a TypeError', () => {
    // @ts-expect-error every connection key must be given (false to leave one out)
    expect(() => new TwoDriver({ connections: { control: { url: 'ws://127.0.0.1:1' } } })).toThrow(
      new TypeError('options.connections.events.url is required'),
    );
  });
});

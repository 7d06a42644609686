import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup, record, until } from './helpers.js';
import { TestServer } from './server.js';
import { TwoDriver } from './specs.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function setup(): Promise<{ control: TestServer; events: TestServer; driver: TwoDriver }> {
  const control = cleanup.add(await TestServer.start());
  const events = cleanup.add(await TestServer.start());
  const driver = cleanup.add(
    new TwoDriver({ connections: { control: { url: control.url() }, events: { url: events.url() } } }),
  );
  await driver.connect();
  return { control, events, driver };
}

describe('two connections', () => {
  it('sends each pair on its own connection and routes each answer on its connection', async () => {
    const { control, events, driver } = await setup();
    control.handler = (frame, s) => s.send(frame.socket, `R:control got ${frame.text}`);
    events.handler = (frame, s) => s.send(frame.socket, `R:events got ${frame.text}`);

    await expect(driver.control({ command: 'a' })).resolves.toEqual({ reply: 'control got C:a' });
    await expect(driver.subscribe({ command: 'b' })).resolves.toEqual({ reply: 'events got C:b' });
    expect(control.frames.map((f) => f.text)).toEqual(['C:a']);
    expect(events.frames.map((f) => f.text)).toEqual(['C:b']);
  });

  it('gives messages of connection 1 only to Connection:1 responses', async () => {
    const { control, events, driver } = await setup();
    const recorded = record(driver);
    const seen: [string, unknown, unknown][] = [];
    driver.params.on('eventText', (value, info) => seen.push([value, info.connection, info.responseId]));

    control.push('E:on the wrong socket');
    events.push('E:on the right socket');
    await until(() => seen.length === 1 && recorded.unmatched.length === 1);

    expect(seen).toEqual([['on the right socket', 'events', 2]]);
    expect(recorded.unmatched).toEqual([['control', 'E:on the wrong socket']]);
  });

  it('keeps one queue per connection: a silent connection does not hold the other', async () => {
    const { control, events, driver } = await setup();
    events.handler = (frame, s) => s.send(frame.socket, 'R:ok');
    const stuck = driver.control({ command: 'x' }, { timeoutMs: 5000 });
    await expect(driver.subscribe({ command: 'y' })).resolves.toEqual({ reply: 'ok' });
    control.send(control.frames[0]!.socket, 'R:late');
    await expect(stuck).resolves.toEqual({ reply: 'late' });
  });

  it('tracks state and status per connection', async () => {
    const { events, driver } = await setup();
    expect(driver.params.get('eventsStatus')).toBe('1');
    events.closeClients();
    await until(() => driver.state('events') === 'closed');
    expect(driver.state('control')).toBe('open');
    expect(driver.params.get('eventsStatus')).toBe('0');
  });
});

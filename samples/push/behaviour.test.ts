// The Event Stream driver (generated/event-stream.ts, from protocol.xml beside this file) against the mock of its own
// protocol, over real sockets on 127.0.0.1: the bytes each command puts on the wire, the typed values each
// answer resolves with.
import { describe, expect, it, vi } from 'vitest';
import { EventStreamDriver, eventStreamProtocol } from '../../generated/event-stream.js';
import { mockOf, owned, utf8 } from '../../test/helpers/fixture.js';

describe('Event Stream: a push pair starts a stream', () => {
  it('pushes the connection responses at the interval; the param listener sees each value', async () => {
    const { mock } = await mockOf(eventStreamProtocol, { pushIntervalMs: 20 });
    const driver = owned(new EventStreamDriver({ connections: { eventWebSocket: { url: mock.url('eventWebSocket') } } }));
    const events: { value: string; responseId: number | undefined }[] = [];
    driver.params.on('lastEvent', (value, info) => events.push({ value, responseId: info.responseId }));
    await driver.connect();
    await driver.subscribe({ subscriptionTopics: 'alarms', eventLevel: 2 });

    await vi.waitFor(() => expect(events.length).toBeGreaterThanOrEqual(3));
    expect(events.slice(0, 3)).toEqual([
      { value: 'sample 1', responseId: 1 },
      { value: 'sample 2', responseId: 1 },
      { value: 'sample 3', responseId: 1 },
    ]);
    expect(mock.received()[0]).toMatchObject({
      command: 'subscribe',
      bytes: utf8('{"action":"subscribe","topics":"alarms","level":2}'),
      values: { subscriptionTopics: 'alarms', eventLevel: 2 },
    });
  });

  it('ends the stream with the socket that asked for it', async () => {
    const { mock, log } = await mockOf(eventStreamProtocol, { pushIntervalMs: 10 });
    const driver = new EventStreamDriver({ connections: { eventWebSocket: { url: mock.url(0) } } });
    await driver.connect();
    await driver.keepAlive();
    await vi.waitFor(() => expect(log.filter((line) => line.includes('->')).length).toBeGreaterThanOrEqual(2));
    await driver.close();
    await vi.waitFor(() => expect(log.at(-1)).toMatch(/client disconnected/));
    const sent = log.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.length).toBe(sent);
  });

  it('does not start a second stream when the command comes again', async () => {
    const { mock, log } = await mockOf(eventStreamProtocol, { pushIntervalMs: 1000 });
    const driver = owned(new EventStreamDriver({ connections: { eventWebSocket: { url: mock.url(0) } } }));
    await driver.connect();
    await driver.keepAlive();
    await driver.keepAlive();
    await vi.waitFor(() => expect(mock.received()).toHaveLength(2));
    expect(log.filter((line) => line.includes('->'))).toEqual(['[conn 0] -> text 8 B sample 1']);
  });
});

// A `response after` trigger on a response the device pushes (GvAmpp's shape: a smart-serial catch-all with
// an after-response trigger): it fires as for a response a polled pair got, while polling runs. Our own
// Smart Serial Encoder sample with a polling section added: its status push queues the Get Config group.
// Real sockets on 127.0.0.1 against the mock of the same XML; the scheduler on a manual clock.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { compileSpec } from '@protogen-dm/generator';
import { Driver, type ProtocolSpec } from '@protogen-dm/runtime';
import { mockOf, owned } from '../helpers/fixture.js';
import { ManualClock } from '../helpers/manual-clock.js';

const polling = `
  <Groups><Group id="1"><Name>Fetch Config</Name><Type>poll</Type><Content><Pair>1</Pair></Content></Group></Groups>
  <Triggers><Trigger id="1"><On id="1">response</On><Time>after</Time><Type>action</Type><Content><Id>1</Id></Content></Trigger></Triggers>
  <Actions><Action id="1"><On id="1">group</On><Type>execute</Type></Action></Actions>
</Protocol>`;
const xml = readFileSync(new URL('../../samples/smart-serial-encoder/protocol.xml', import.meta.url), 'utf8').replace('</Protocol>', polling);

class EncoderDriver extends Driver<Record<string, unknown>, string> {
  constructor(spec: ProtocolSpec, url: string, clock: ManualClock) {
    super(spec, { connections: { control: { url }, console: false }, polling: { clock } });
  }
}

describe('polling: response triggers on pushed responses', () => {
  it('each status the device pushes queues Fetch Config once polling runs; none before start() or after stop()', async () => {
    const { spec, diagnostics } = compileSpec({ file: 'encoder-polled.xml', contents: xml });
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const { mock } = await mockOf(spec as ProtocolSpec, { pushIntervalMs: 3_600_000 });
    const clock = new ManualClock();
    const driver = owned(new EncoderDriver(spec as ProtocolSpec, mock.url('control'), clock));
    await driver.connect();
    const done: string[] = [];
    driver.polling.on('done', (group) => done.push(group));
    const commands = (): string[] => mock.received().map((frame) => frame.command ?? '?');

    await mock.push('status', { temperature: 20 });
    await vi.waitFor(() => expect(driver.params.get('temperature')).toBe(20));
    expect(commands()).toEqual([]);

    driver.polling.start();
    mock.set({ config: 'cfg' });
    await mock.push('status', { temperature: 21 });
    await vi.waitFor(() => expect(done).toEqual(['fetchConfig']));
    expect(commands()).toEqual(['getConfig']);
    expect(driver.params.get('config')).toBe('cfg');

    await driver.polling.stop();
    await mock.push('status', { temperature: 22 });
    await vi.waitFor(() => expect(driver.params.get('temperature')).toBe(22));
    expect(commands()).toEqual(['getConfig']);
    expect(clock.pending).toBe(0);
  });
});

// The pure framers (runtime/src/framers): push(bytes) → frames, with fake timers for the time rules.
// Smart-serial cases follow the research notes' vectors (described, built here); the property tests
// cut a stream of valid frames at arbitrary points and require the same frames, with the serialport
// project's delimiter parser as an independent oracle for trailer-only framing.
import { DelimiterParser } from '@serialport/parser-delimiter';
import type { DelimiterSpec } from '@protogen-dm/runtime';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SerialFramer } from '../../runtime/src/framers/serial-framer.js';
import { RAW_CHUNK_PERIOD_MS, SmartSerialFramer } from '../../runtime/src/framers/smart-serial-framer.js';
import { compileProtocol, type PairPlan } from '../../runtime/src/plan.js';
import type { FrameSink } from '../../runtime/src/transport.js';
import { serialPowerMeterProtocol } from '../../generated/serial-power-meter.js';
import { ReferenceSmartSerialFramer } from './smart-serial-reference.js';
import { createCodec } from '@protogen-dm/runtime/codec';

afterEach(() => {
  vi.useRealTimers();
});

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** Records what a framer hands over, as `m:<hex>` (message) and `d:<hex>` (discarded). */
class Sink implements FrameSink {
  readonly out: string[] = [];
  message(bytes: Uint8Array, start: number, end: number): void {
    this.out.push(`m:${Buffer.from(bytes.subarray(start, end)).toString('hex')}`);
  }
  reply(bytes: Uint8Array, start: number, end: number): void {
    this.message(bytes, start, end);
  }
  discarded(bytes: Uint8Array): void {
    this.out.push(`d:${Buffer.from(bytes).toString('hex')}`);
  }
}

describe('smart-serial framer: delimiters', () => {
  const link = [{ header: '240020', trailer: 'fc' }];
  const frame = (index: number, letter: string): string => `240020 ${index.toString(16).padStart(8, '0')} ${Buffer.from(`Test${letter}`).toString('hex')} fc`;
  const fixed = (index: number, letter: string): string => `250020 ${index.toString(16).padStart(8, '0')} ${Buffer.from(`Test${letter}`).toString('hex')} fc`;
  const run = (chunks: string[], delimiters: readonly DelimiterSpec[] = link): string[] => {
    const framer = new SmartSerialFramer(delimiters, undefined, 1 << 20);
    const sink = new Sink();
    for (const chunk of chunks) framer.push(hex(chunk), undefined, sink);
    return sink.out;
  };
  const m = (text: string): string => `m:${hex(text).toString('hex')}`;

  it('one header frame; three in one write, in order', () => {
    expect(run([frame(1, 'A')])).toEqual([m(frame(1, 'A'))]);
    expect(run([frame(1, 'A') + frame(2, 'B') + frame(3, 'C')])).toEqual([m(frame(1, 'A')), m(frame(2, 'B')), m(frame(3, 'C'))]);
  });

  it('junk between two header frames is discarded (reported), not part of a frame', () => {
    expect(run([`${frame(1, 'A')} 010203 ${frame(2, 'B')}`])).toEqual([m(frame(1, 'A')), 'd:010203', m(frame(2, 'B'))]);
  });

  it('a trailer alone ends a frame: fixed-prefix frames are cut at the link trailer (our policy)', () => {
    expect(run([fixed(5, 'E')])).toEqual([m(fixed(5, 'E'))]);
    expect(run([fixed(5, 'E') + fixed(6, 'F') + fixed(7, 'G')])).toEqual([m(fixed(5, 'E')), m(fixed(6, 'F')), m(fixed(7, 'G'))]);
    // Junk before a frame without header stays in that frame; the router reports it unmatched.
    expect(run([`${fixed(5, 'E')} 010203 ${fixed(6, 'F')}`])).toEqual([m(fixed(5, 'E')), m(`010203 ${fixed(6, 'F')}`)]);
  });

  it('a header waits for its trailer across chunks; a trailer-only link cuts lines', () => {
    expect(run(['240020 0000', '0001 5465', '737441 fc'])).toEqual([m(frame(1, 'A'))]);
    expect(run(['610d0a620d', '0a'], [{ trailer: '0d0a' }])).toEqual(['m:610d0a', 'm:620d0a']);
  });

  it('a header with no trailer is cut at the limit, so memory stays bounded', () => {
    const framer = new SmartSerialFramer(link, undefined, 64 * 1024);
    const sink = new Sink();
    framer.push(hex('240020'), undefined, sink);
    for (let i = 0; i < 16; i++) framer.push(new Uint8Array(64 * 1024), undefined, sink);
    const sizes = sink.out.map((entry) => (entry.length - 2) / 2);
    expect(sink.out.every((entry) => entry.startsWith('d:'))).toBe(true);
    // Never more than the limit plus one chunk held; everything beyond the limit was reported.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2 * 64 * 1024);
    expect(sizes.reduce((total, size) => total + size, 0)).toBeGreaterThanOrEqual(3 + 16 * 64 * 1024 - 64 * 1024);
  });
});

describe('smart-serial framer: raw chunks (no delimiters)', () => {
  it('forwards what arrived every 15 ms (a periodic tick, not silence)', () => {
    vi.useFakeTimers();
    const framer = new SmartSerialFramer([], undefined, 1 << 20);
    const sink = new Sink();
    framer.push(hex('0102'), undefined, sink);
    vi.advanceTimersByTime(10);
    framer.push(hex('03'), undefined, sink);
    // A silence timer would restart here; the tick does not.
    vi.advanceTimersByTime(RAW_CHUNK_PERIOD_MS - 10);
    expect(sink.out).toEqual(['m:010203']);
    framer.push(hex('04'), undefined, sink);
    vi.advanceTimersByTime(50);
    expect(sink.out).toEqual(['m:010203', 'm:04']);
  });

  it('maxReceiveBuffer:8 over 20 bytes at once gives 8, 8, then 4 at the tick', () => {
    vi.useFakeTimers();
    const framer = new SmartSerialFramer([], 8, 1 << 20);
    const sink = new Sink();
    framer.push(new Uint8Array(20).fill(0xaa), undefined, sink);
    expect(sink.out).toEqual([`m:${'aa'.repeat(8)}`, `m:${'aa'.repeat(8)}`]);
    vi.advanceTimersByTime(RAW_CHUNK_PERIOD_MS);
    expect(sink.out.at(-1)).toBe(`m:${'aa'.repeat(4)}`);
  });

  it('stop() clears the tick: nothing reaches the sink after the transport is gone', () => {
    vi.useFakeTimers();
    const framer = new SmartSerialFramer([], undefined, 1 << 20);
    const sink = new Sink();
    framer.push(hex('01'), undefined, sink);
    framer.stop();
    vi.advanceTimersByTime(100);
    expect(sink.out).toEqual([]);
  });
});

describe('serial framer', () => {
  const plans = compileProtocol(serialPowerMeterProtocol).pairs;
  const pair = (id: number): PairPlan => plans.get(id) as PairPlan;
  const codec = createCodec(serialPowerMeterProtocol);

  it('receiveInterval: what arrived is handed over after that much silence, each chunk restarting it', () => {
    vi.useFakeTimers();
    const framer = new SerialFramer(1 << 20);
    const sink = new Sink();
    framer.push(Buffer.from('LOG:a'), pair(5), sink);
    vi.advanceTimersByTime(29);
    framer.push(Buffer.from('b'), pair(5), sink);
    vi.advanceTimersByTime(29);
    expect(sink.out).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sink.out).toEqual([`m:${Buffer.from('LOG:ab').toString('hex')}`]);
  });

  it('bytes while no pair waits are discarded at once; a send flushes what is buffered', () => {
    const framer = new SerialFramer(1 << 20);
    const sink = new Sink();
    framer.push(Buffer.from('zz'), undefined, sink);
    framer.push(Buffer.from('#THR=1'), pair(4), sink);
    framer.sending();
    expect(sink.out).toEqual([`d:${Buffer.from('zz').toString('hex')}`, `d:${Buffer.from('#THR=1').toString('hex')}`]);
  });

  it('property: any chunking of a stream of replies yields the same replies (all fixed, length field, header/trailer)', () => {
    const measurements = fc.record({ voltage: fc.integer({ min: 0, max: 6553 }), power: fc.integer({ min: -1e6, max: 1e6 }) });
    const reply = fc.oneof(
      measurements.map((v) => ({ pair: 1, bytes: Buffer.from(codec.response(1).build({ ...v, current: 1, energy: 2, frequency: 50, meterNumber: 1 })) })),
      fc.string({ maxLength: 40 }).map((label) => ({ pair: 2, bytes: Buffer.from(codec.response(2).build({ label: Buffer.from(label).toString('latin1') })) })),
      fc.nat({ max: 1e6 }).map((n) => ({ pair: 4, bytes: Buffer.from(codec.response(3).build({ threshold: n, thresholdHex: n })) })),
    );
    fc.assert(
      fc.property(reply, fc.array(fc.nat({ max: 200 }), { maxLength: 10 }), ({ pair: id, bytes }, cuts) => {
        const framer = new SerialFramer(1 << 20);
        const sink = new Sink();
        const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        let start = 0;
        for (const point of [...points, bytes.length]) {
          if (point > start) framer.push(bytes.subarray(start, point), pair(id), sink);
          start = Math.max(start, point);
        }
        expect(sink.out).toEqual([`m:${bytes.toString('hex')}`]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('property: any chunking of a stream of valid frames yields the same frames', () => {
  const chunked = (stream: Buffer, cuts: number[]): Buffer[] => {
    const points = [...new Set(cuts.map((cut) => cut % (stream.length + 1)))].sort((a, b) => a - b);
    const chunks: Buffer[] = [];
    let start = 0;
    for (const point of [...points, stream.length]) {
      if (point > start) chunks.push(stream.subarray(start, point));
      start = Math.max(start, point);
    }
    return chunks;
  };
  const payload = (exclude: readonly number[]): fc.Arbitrary<Buffer> =>
    fc.uint8Array({ maxLength: 30 }).map((bytes) => Buffer.from(bytes.filter((byte) => !exclude.includes(byte))));

  it('header/trailer link (FE … FF, the Ember+ shape): frames out = frames in', () => {
    fc.assert(
      fc.property(fc.array(payload([0xfe, 0xff]), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (payloads, cuts) => {
        const frames = payloads.map((bytes) => Buffer.concat([Buffer.of(0xfe), bytes, Buffer.of(0xff)]));
        const framer = new SmartSerialFramer([{ header: 'fe', trailer: 'ff' }], undefined, 1 << 20);
        const sink = new Sink();
        for (const chunk of chunked(Buffer.concat(frames), cuts)) framer.push(chunk, undefined, sink);
        expect(sink.out).toEqual(frames.map((frame) => `m:${frame.toString('hex')}`));
      }),
      { numRuns: 500 },
    );
  });

  it('several links, junk and partial delimiters, any chunking: the same cuts as the plain reference (oracle)', () => {
    // Few distinct bytes, so headers, trailers and their prefixes occur often and overlap.
    const alphabet = [0x24, 0x00, 0x20, 0xfc, 0xfe, 0xff, 0x0d, 0x0a, 0x41];
    const stream = fc.array(fc.constantFrom(...alphabet), { maxLength: 120 }).map((bytes) => Buffer.from(bytes));
    const links: readonly (readonly DelimiterSpec[])[] = [
      [{ header: '240020', trailer: 'fc' }],
      [{ header: 'fe', trailer: 'ff' }, { trailer: '0d0a' }],
      [{ header: '2400', trailer: 'fcfc' }, { header: 'fe', trailer: 'ff' }, { header: '24', trailer: '0a' }],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...links), stream, fc.array(fc.nat(), { maxLength: 20 }), (delimiters, bytes, cuts) => {
        const framer = new SmartSerialFramer(delimiters, undefined, 1 << 20);
        const sink = new Sink();
        const reference = new ReferenceSmartSerialFramer(delimiters);
        for (const chunk of chunked(bytes, cuts)) {
          framer.push(chunk, undefined, sink);
          reference.push(chunk);
        }
        expect(sink.out).toEqual(reference.out);
      }),
      { numRuns: 2000 },
    );
  });

  it('trailer-only link (CR LF): the same frames as @serialport/parser-delimiter (oracle) for every chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(payload([0x0d, 0x0a]), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), async (lines, cuts) => {
        const stream = Buffer.concat(lines.map((line) => Buffer.concat([line, Buffer.from('\r\n')])));
        const framer = new SmartSerialFramer([{ trailer: '0d0a' }], undefined, 1 << 20);
        const sink = new Sink();
        const oracle = new DelimiterParser({ delimiter: '\r\n', includeDelimiter: true });
        const expected: string[] = [];
        oracle.on('data', (frame: Buffer) => expected.push(`m:${frame.toString('hex')}`));
        for (const chunk of chunked(stream, cuts)) {
          framer.push(chunk, undefined, sink);
          oracle.write(chunk);
        }
        await new Promise<void>((resolve) => oracle.end(resolve));
        // The oracle drops empty frames (a bare CR LF); ours hands them over for the router to report.
        expect(sink.out.filter((entry) => entry !== 'm:0d0a')).toEqual(expected.filter((entry) => entry !== 'm:0d0a'));
        expect(sink.out).toEqual(lines.map((line) => `m:${Buffer.concat([line, Buffer.from('\r\n')]).toString('hex')}`));
      }),
      { numRuns: 300 },
    );
  });
});

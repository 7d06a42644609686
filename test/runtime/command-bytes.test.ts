// A pair's command bytes are built again only when a value the command reads changed: the same bytes
// for the same values, fresh ones for any other, and a check a cached build skipped is never skipped.
import { describe, expect, it } from 'vitest';
import { createFrameCodec } from '../../runtime/src/codec/index.js';
import { compileLayout } from '../../runtime/src/codec/layout.js';
import type { FrameCodec } from '../../runtime/src/codec/types.js';
import { CommandBytes } from '../../runtime/src/command-bytes.js';
import type { ParamSpec } from '../../runtime/src/spec.js';

const header: ParamSpec = { id: 1, key: 'header', role: 'header', value: 'string', raw: 'other', lengthType: 'fixed', length: 2, constant: '513a' };
const level: ParamSpec = { id: 2, key: 'level', role: 'write', value: 'number', raw: 'numeric text', lengthType: 'next param', low: 0, high: 10 };
const comma: ParamSpec = { id: 3, key: 'comma', role: 'fixed', value: 'string', raw: 'other', lengthType: 'fixed', length: 1, constant: '2c' };
const gain: ParamSpec = { id: 4, key: 'gain', role: 'write', value: 'number', raw: 'double', lengthType: 'fixed', length: 8 };
const params = [header, level, comma, gain];

/** The command's codec, counting its builds. */
function counted(): { frame: FrameCodec; builds: () => number } {
  const frame = createFrameCodec(compileLayout('command 1', params));
  let builds = 0;
  return {
    frame: { ...frame, build: (values, checkValues) => (builds++, frame.build(values, checkValues)) },
    builds: () => builds,
  };
}

const text = (bytes: Uint8Array): string => Buffer.from(bytes.subarray(0, bytes.length - 8)).toString('latin1');

describe('command bytes', () => {
  it('hands out the last bytes again for the same values, and builds anew when one changed', () => {
    const { frame, builds } = counted();
    const command = new CommandBytes(frame, params);
    const first = command.build({ level: 3, gain: 1.5 }, true);
    expect(text(first)).toBe('Q:3,');
    // Another object with the same values (and keys the command does not read): nothing is encoded.
    expect(command.build({ gain: 1.5, level: 3, other: 'x' }, true)).toBe(first);
    expect(builds()).toBe(1);
    const second = command.build({ level: 4, gain: 1.5 }, true);
    expect(text(second)).toBe('Q:4,');
    expect(builds()).toBe(2);
    expect(command.build({ level: 3, gain: 1.5 }, true)).not.toBe(first);
    expect(builds()).toBe(3);
  });

  it('tells −0 from 0 (a double writes them differently)', () => {
    const { frame } = counted();
    const command = new CommandBytes(frame, params);
    const zero = command.build({ level: 1, gain: 0 }, true);
    const negative = command.build({ level: 1, gain: -0 }, true);
    expect(negative).not.toBe(zero);
    expect(Buffer.from(negative).equals(Buffer.from(frame.build({ level: 1, gain: -0 }, true)))).toBe(true);
    expect(Buffer.from(negative).equals(Buffer.from(zero))).toBe(false);
  });

  it('never skips a check: bytes built unchecked serve only unchecked calls', () => {
    const { frame, builds } = counted();
    const command = new CommandBytes(frame, params);
    const unchecked = command.build({ level: 11, gain: 0 }, false);
    expect(command.build({ level: 11, gain: 0 }, false)).toBe(unchecked);
    expect(() => command.build({ level: 11, gain: 0 }, true)).toThrow(/outside Interprete\/Range 0 to 10/);
    expect(builds()).toBe(2);
    // Checked bytes also serve an unchecked call.
    const checked = command.build({ level: 5, gain: 0 }, true);
    expect(command.build({ level: 5, gain: 0 }, false)).toBe(checked);
  });

  it('keeps the last good bytes through a build that threw', () => {
    const { frame, builds } = counted();
    const command = new CommandBytes(frame, params);
    const good = command.build({ level: 2, gain: 0 }, true);
    expect(() => command.build({ level: 'two', gain: 0 }, true)).toThrow(RangeError);
    expect(() => command.build({ level: 'two', gain: 0 }, true)).toThrow(RangeError);
    expect(command.build({ level: 2, gain: 0 }, true)).toBe(good);
    expect(builds()).toBe(3);
  });
});

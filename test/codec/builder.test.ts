/** Building whole frames, and the createCodec API around them. */

import { describe, expect, it } from 'vitest';
import { createCodec, frameProblem, layoutProblems } from '@protogen-dm/runtime/codec';
import { compileLayout } from '../../runtime/src/codec/layout.js';
import type { ParamSpec } from '@protogen-dm/runtime';
import { ascii, data, fixed, fixedHex, frame, hex, protocol, show } from './helpers.js';

describe('structured text command <ROUTE:out,in,gain,mode>\\r\\n', () => {
  const params: ParamSpec[] = [
    fixed(100, '<', 'header'),
    fixed(102, 'ROUTE:'),
    data(10, { role: 'write', raw: 'numeric text', value: 'number', lengthType: 'fixed', length: 2 }),
    fixed(107, ','),
    data(11, { role: 'write', raw: 'numeric text', value: 'number', lengthType: 'fixed', length: 2 }),
    data(12, { role: 'write', raw: 'numeric text', value: 'number', decimals: 2 }),
    data(13, { role: 'write' }),
    fixed(108, '>'),
    fixedHex(101, '0d0a', 'trailer'),
  ];
  const codec = frame(params, [100, 102, 10, 107, 11, 107, 12, 107, 13, 108, 101]);

  it('builds with zero-padded fixed numbers and the constant used three times', () => {
    expect(show(codec.build({ p10: 3, p11: 7, p12: -3.5, p13: 'TAKE' }))).toBe(show(ascii('<ROUTE:03,07,-3.5,TAKE>\r\n')));
  });
  it('accepts numeric strings for numbers', () => {
    expect(show(codec.build({ p10: '3', p11: '7', p12: '-3,5', p13: 'TAKE' }))).toBe(show(ascii('<ROUTE:03,07,-3.5,TAKE>\r\n')));
  });
  it('a missing value without a default is refused, not filled', () => {
    expect(() => codec.build({})).toThrow("command 1 'cmd': param 10 'p10': missing value (the param has no default value)");
    expect(() => codec.build({ p10: 1, p11: 2, p12: 0 })).toThrow("param 13 'p13': missing value");
  });
  it('ignores unknown keys', () => {
    expect(show(codec.build({ p10: 1, p11: 2, p12: 0, p13: 'X', other: 'ignored' }))).toBe(show(ascii('<ROUTE:01,02,0,X>\r\n')));
  });
  it('a value that cannot be encoded throws a RangeError naming frame and param', () => {
    const rest = { p11: 2, p12: 0, p13: 'X' };
    expect(() => codec.build({ ...rest, p10: 100 })).toThrow(RangeError);
    expect(() => codec.build({ ...rest, p10: 100 })).toThrow("command 1 'cmd': param 10 'p10': 100 does not fit 2 characters of numeric text");
    expect(() => codec.build({ ...rest, p10: 1, p12: 'abc' })).toThrow("command 1 'cmd': param 12 'p12': expected a number, got \"abc\"");
    expect(() => codec.build({ ...rest, p10: 1, p13: 'A>B' })).toThrow("command 1 'cmd': param 13 'p13': the value contains its delimiter 3e");
  });
  it('what it builds, the same layout matches', () => {
    expect(codec.match(ascii('<ROUTE:03,07,-3.5,TAKE>\r\n'))).toEqual({ p10: 3, p11: 7, p12: -3.5, p13: 'TAKE' });
  });
});

describe('binary commands with length and checksum', () => {
  const lengthParam = (id: number, lengthOf: number[]): ParamSpec => ({ id, key: `len${id}`, role: 'length', value: 'number', raw: 'unsigned number', lengthType: 'fixed', length: 1, lengthOf });
  const bcc = (id: number, positions: number[]): ParamSpec => ({ id, key: `bcc${id}`, role: 'crc', value: 'number', raw: 'unsigned number', lengthType: 'fixed', length: 1, crc: { type: 'exor', positions } });

  it('Get Readings: 02 10 len(code)=01 bcc(10^01)=11 03', () => {
    const codec = frame([fixedHex(100, '02', 'header'), fixedHex(101, '10'), lengthParam(110, [1]), bcc(120, [1, 2]), fixedHex(109, '03', 'trailer')]);
    expect(show(codec.build({}))).toBe('02 10 01 11 03');
  });
  it('Set Interval 60: 02 20 len 03 00 3C bcc(20^03^00^3C)=1F 03', () => {
    const codec = frame([
      fixedHex(100, '02', 'header'),
      fixedHex(103, '20'),
      lengthParam(112, [1, 3]),
      data(10, { role: 'write', raw: 'unsigned number', value: 'number', lengthType: 'fixed', length: 2, endian: 'big' }),
      bcc(122, [1, 2, 3]),
      fixedHex(109, '03', 'trailer'),
    ]);
    expect(show(codec.build({ p10: 60 }))).toBe('02 20 03 00 3C 1F 03');
    expect(codec.match(hex('02 20 03 00 3C 1F 03'))).toEqual({ p10: 60 });
  });
  it('a length counting a crc and a crc covering that length settle', () => {
    const codec = frame([
      lengthParam(1, [0, 1, 2]),
      data(2),
      { id: 3, key: 'sum', role: 'crc', value: 'number', raw: 'numeric text', lengthType: 'fixed', length: 2, base: 16, crc: { type: 'sum', positions: [0, 1] } },
    ]);
    // length = 1 + 2 ("AB") + 2 = 5 → 05; sum = 05 + 41 + 42 = 0x88 → "88"
    expect(show(codec.build({ p2: 'AB' }))).toBe('05 41 42 38 38');
    expect(codec.match(hex('05 41 42 38 38'))).toEqual({ p2: 'AB' });
  });
});

describe('constants', () => {
  it('a Length longer than the constant is pre-filled with spaces', () => {
    const padded: ParamSpec = { ...fixed(1, 'OK'), length: 4 };
    const codec = frame([padded, data(2)]);
    expect(show(codec.build({ p2: 'x' }))).toBe(show(ascii('OK  x')));
    expect(codec.match(ascii('OK  x'))).toEqual({ p2: 'x' });
    expect(codec.match(ascii('OKx'))).toBeUndefined();
  });
  it('constants and length/crc params are not in the values', () => {
    const codec = frame([fixed(1, 'A'), { id: 2, key: 'len', role: 'length', value: 'number', raw: 'unsigned number', lengthType: 'fixed', length: 1 }]);
    expect(codec.match(hex('41 01'))).toEqual({});
  });
  it('a param used twice takes the same value twice; matching keeps the last', () => {
    const codec = frame([data(1, { lengthType: 'fixed', length: 1 }), fixed(2, '-')], [1, 2, 1]);
    expect(show(codec.build({ p1: 'x' }))).toBe(show(ascii('x-x')));
    expect(codec.match(ascii('a-b'))).toEqual({ p1: 'b' });
  });
});

describe('createCodec', () => {
  const spec = protocol([fixed(1, '!'), data(2)]);
  const codec = createCodec(spec);

  it('gives command and response codecs, cached', () => {
    expect(codec.command(1)).toBe(codec.command(1));
    expect(codec.response(1).match(ascii('!hi'))).toEqual({ p2: 'hi' });
    expect(codec.command(1).build({ p2: 'hi' })).toEqual(ascii('!hi'));
  });
  it('builds each frame into bytes of its own: a plain Uint8Array (slice copies), not a Buffer', () => {
    const first = codec.command(1).build({ p2: 'hi' });
    const second = codec.command(1).build({ p2: 'ho' });
    expect(Buffer.isBuffer(first)).toBe(false);
    const copy = first.slice();
    copy[1] = 0x21;
    first[2] = 0x21;
    expect([show(first), show(second), show(copy)]).toEqual(['21 68 21', '21 68 6F', '21 21 69']);
  });
  it('throws a clear Error for an unknown id', () => {
    expect(() => codec.command(9)).toThrow("protocol 'Test' has no command with id 9");
    expect(() => codec.response(9)).toThrow("protocol 'Test' has no response with id 9");
  });
  it('throws a clear Error for content naming an unknown param', () => {
    const broken = createCodec({ ...spec, commands: [{ id: 1, key: 'cmd', params: [1, 77], text: true }] });
    expect(() => broken.command(1)).toThrow("command 1 'cmd' contains param 77, which the protocol does not define");
  });
  it('a frame of one variable string is the whole message, UTF-8', () => {
    const single = frame([data(1)]);
    expect(single.match(hex('7B 22 61 22 3A 22 C3 A9 22 7D'))).toEqual({ p1: '{"a":"é"}' });
    expect(single.match(hex(''))).toEqual({ p1: '' });
    expect(single.build({ p1: '{"a":"é"}' })).toEqual(hex('7B 22 61 22 3A 22 C3 A9 22 7D'));
  });
});

describe('layoutProblems', () => {
  it('is empty for frames that can match', () => {
    expect(layoutProblems(protocol([fixed(1, '<'), data(2), fixed(3, '>')]))).toEqual([]);
  });
  it('names frames that can never match, and why', () => {
    const spec = protocol([data(1), data(2), fixed(3, ';')]);
    expect(layoutProblems(spec)).toEqual([
      "command 1 'cmd': param 1 'p1' at position 0 is followed by variable-length param 2 before any constant, so its end cannot be found",
      "response 1 'resp': param 1 'p1' at position 0 is followed by variable-length param 2 before any constant, so its end cannot be found",
    ]);
    const unknown = { ...protocol([fixed(1, '<')]), responses: [{ id: 5, key: 'bad', params: [1, 9], connection: 0 }] };
    expect(layoutProblems(unknown)).toEqual(["response 5 'bad' contains param 9, which the protocol does not define"]);
  });
  it("frameProblem (the generator's check) agrees with the compiled layout", () => {
    const frames = [
      [fixed(1, '<'), data(2), fixed(3, '>')],
      [data(1), data(2), fixed(3, ';')],
      [data(1, { lengthType: 'other param', lengthParam: 2 }), data(2, { lengthType: 'fixed', length: 1, raw: 'unsigned number', value: 'number' })],
      [data(1, { lengthType: 'fixed' })],
    ];
    for (const params of frames) expect(frameProblem('frame', params)).toBe(compileLayout('frame', params).unmatchable);
    expect(frames.map((params) => frameProblem('frame', params) === undefined)).toEqual([true, false, false, false]);
  });
});

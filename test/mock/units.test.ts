import { describe, expect, it } from 'vitest';
import { dualChannelMonitorProtocol } from '../../generated/dual-channel-monitor.js';
import { echoServiceProtocol } from '../../generated/echo-service.js';
import { secureFeedProtocol } from '../../generated/secure-feed.js';
import { frameLine } from '../../mock/src/frame-log.js';
import { connectionPorts } from '../../mock/src/ports.js';
import { ProtocolMap } from '../../mock/src/protocol-map.js';
import { frameValues } from '../../mock/src/sample-values.js';
import type { ParamSpec } from '@protogen-dm/runtime';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function param(key: string, extra: Partial<ParamSpec> = {}): ParamSpec {
  return { id: 1, key, role: 'read', value: 'string', raw: 'other', lengthType: 'next param', ...extra };
}

describe('frameValues: what the mock puts in a frame', () => {
  const fixed = param('brace', { role: 'fixed', constant: '7d' });

  it('takes set values, then the default, then the first discrete value, then a sample', () => {
    const params = [
      fixed,
      param('label'),
      param('mode', { discretes: ['auto', 'manual'] }),
      param('unit', { defaultValue: 'dB' }),
      param('count', { value: 'number', raw: 'numeric text' }),
      param('set', { value: 'number', discretes: [1, 2] }),
    ];
    expect(frameValues(params, { set: 7 }, 0)).toEqual({ label: 'sample', mode: 'auto', unit: 'dB', count: 42, set: 7 });
  });

  it('counts up for pushes: samples change, discrete values take turns, set and default values stay', () => {
    const params = [param('text'), param('mode', { discretes: ['a', 'b', 'c'] }), param('n', { value: 'number' })];
    expect(frameValues(params, {}, 1)).toEqual({ text: 'sample 1', mode: 'b', n: 43 });
    expect(frameValues(params, {}, 3)).toEqual({ text: 'sample 3', mode: 'a', n: 45 });
    expect(frameValues([param('d', { defaultValue: 'x' })], { text: 'y' }, 5)).toEqual({ d: 'x' });
  });

  it('keeps numbers inside the range and rounds them to the decimals', () => {
    const level = param('level', { value: 'number', low: -40, high: 85, decimals: 1 });
    expect(frameValues([level], {}, 0)).toEqual({ level: 22.5 });
    const small = param('small', { value: 'number', low: 0, high: 10 });
    expect(frameValues([small], {}, 0)).toEqual({ small: 5 });
    for (let sequence = 1; sequence < 30; sequence++) {
      const value = frameValues([small], {}, sequence)['small'];
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(10);
    }
    expect(frameValues([param('high', { value: 'number', high: 5 })], {}, 0)).toEqual({ high: 5 });
    expect(frameValues([param('low', { value: 'number', low: 100 })], {}, 0)).toEqual({ low: 100 });
  });
});

describe('frameLine: one log line per frame', () => {
  it('shows text frames as text, with control characters escaped', () => {
    expect(frameLine(0, 'in', true, encode('{"op":"ping"}'), 'ping')).toBe('[conn 0] <- text 13 B {"op":"ping"} (ping)');
    expect(frameLine(2, 'out', true, encode('<OK>\r\n\\'))).toBe('[conn 2] -> text 7 B <OK>\\r\\n\\\\');
  });

  it('shows binary frames as hex and cuts long frames', () => {
    expect(frameLine(0, 'out', false, Uint8Array.of(2, 0x10, 1, 0x11, 3))).toBe('[conn 0] -> binary 5 B 02 10 01 11 03');
    const long = frameLine(0, 'in', false, new Uint8Array(100));
    expect(long.startsWith('[conn 0] <- binary 100 B 00 00')).toBe(true);
    expect(long.endsWith(' …')).toBe(true);
    expect(frameLine(0, 'in', true, encode('x'.repeat(500))).length).toBeLessThan(160);
  });
});

describe('connectionPorts', () => {
  it('defaults to the XML IPport of each connection', () => {
    expect(connectionPorts(dualChannelMonitorProtocol, undefined)).toEqual([7000, 7001]);
  });

  it('gives connection N the base port + N, or ephemeral ports for 0', () => {
    expect(connectionPorts(dualChannelMonitorProtocol, 9000)).toEqual([9000, 9001]);
    expect(connectionPorts(dualChannelMonitorProtocol, 0)).toEqual([0, 0]);
  });

  it('falls back to 8050 + N without an IPport', () => {
    const spec = { ...dualChannelMonitorProtocol, connections: dualChannelMonitorProtocol.connections.map(({ port: _port, ...rest }) => rest) };
    expect(connectionPorts(spec, undefined)).toEqual([8050, 8051]);
  });

  it('gives an SNMP connection a free port by default (161 is privileged), base + N with a base', () => {
    const spec = {
      ...dualChannelMonitorProtocol,
      connections: [...dualChannelMonitorProtocol.connections, { id: 2, key: 'snmp', name: 'SNMP', kind: 'snmp' as const, port: 161 }],
    };
    expect(connectionPorts(spec, undefined)).toEqual([7000, 7001, 0]);
    expect(connectionPorts(spec, 9000)).toEqual([9000, 9001, 9002]);
  });

  it('rejects ports that are not ports', () => {
    expect(() => connectionPorts(echoServiceProtocol, -1)).toThrow(RangeError);
    expect(() => connectionPorts(echoServiceProtocol, 1.5)).toThrow(RangeError);
    expect(() => connectionPorts(dualChannelMonitorProtocol, 65535)).toThrow(/65536/);
  });
});

describe('ProtocolMap', () => {
  it('lists the commands each connection accepts, and which answer or start a push stream', () => {
    const map = new ProtocolMap(dualChannelMonitorProtocol);
    expect(map.accepted(0).map((accepted) => [accepted.command.key, accepted.answering.map((pair) => pair.key), accepted.startsPush])).toEqual([
      ['getConfig', ['getConfig'], false],
    ]);
    expect(map.accepted(1).map((accepted) => [accepted.command.key, accepted.startsPush])).toEqual([['startTelemetry', true]]);
    expect(map.pushed(1).map((response) => response.key)).toEqual(['telemetry']);
  });

  it('pushes only responses no pair waits for, so a push never completes a call by accident', () => {
    const map = new ProtocolMap(secureFeedProtocol);
    expect(map.pushed(0).map((response) => response.key)).toEqual(['update']);
  });

  it('finds connections by id or key and says which exist when one does not', () => {
    const map = new ProtocolMap(dualChannelMonitorProtocol);
    expect(map.connection('telemetryWebSocket').id).toBe(1);
    expect(map.connection(0).key).toBe('controlWebSocket');
    expect(() => map.connection(5)).toThrow("has no WebSocket connection 5 (it has 0 'controlWebSocket', 1 'telemetryWebSocket')");
    expect(() => map.response('nope')).toThrow(/no response "nope"/);
  });
});

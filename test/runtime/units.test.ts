import { describe, expect, it } from 'vitest';
import { backoffDelay, resolveBackoff } from '../../runtime/src/backoff.js';
import { Endpoint, withDynamicIp, withPath } from '../../runtime/src/endpoint.js';
import type { ParamSpec } from '@protogen-dm/runtime';
import { Emitter } from '../../runtime/src/events.js';

describe('backoff', () => {
  it('grows exponentially up to the cap, with the jitter share random', () => {
    const policy = resolveBackoff({ initialDelayMs: 100, maxDelayMs: 1000, factor: 2, jitter: 1 });
    if (policy === undefined) throw new Error('policy expected');
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 0))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(400);
    expect(backoffDelay(policy, 3, () => 0.999999)).toBe(0);
    const half = resolveBackoff({ initialDelayMs: 100, jitter: 0.5 });
    expect(half && backoffDelay(half, 0, () => 1)).toBe(50);
  });

  it('is off unless asked for, with documented defaults for true', () => {
    expect(resolveBackoff(undefined)).toBeUndefined();
    expect(resolveBackoff(false)).toBeUndefined();
    expect(resolveBackoff(true)).toEqual({
      initialDelayMs: 500,
      maxDelayMs: 30_000,
      factor: 2,
      jitter: 1,
      maxAttempts: Number.POSITIVE_INFINITY,
      stableMs: 5000,
    });
    expect(() => resolveBackoff({ factor: 0.5 })).toThrow(RangeError);
    expect(() => resolveBackoff({ maxAttempts: 1.5 })).toThrow(RangeError);
  });
});

describe('endpoint', () => {
  it('applies a dynamic-ip value: host, host:port, or a full URL', () => {
    expect(withDynamicIp('ws://10.0.0.1:8050/x', '10.0.0.2', 'ip')).toBe('ws://10.0.0.2:8050/x');
    expect(withDynamicIp('ws://10.0.0.1:8050/x', '10.0.0.2:9000', 'ip')).toBe('ws://10.0.0.2:9000/x');
    expect(withDynamicIp('ws://10.0.0.1:8050/x', 'wss://device.example/y', 'ip')).toBe('wss://device.example/y');
    for (const bad of ['not a host!!', '10.0.0.2:99999', 'h/x', 'user@h', 'http://h/']) {
      expect(() => withDynamicIp('ws://10.0.0.1:8050/x', bad, 'ip')).toThrow(RangeError);
    }
  });

  it('prefers the url option over the XML default of the dynamic-ip param, and any later value over both', () => {
    const params = new Map<string, string>([['url', 'ws://device:8053/feed'], ['path', 'feed']]);
    const specs: Record<number, ParamSpec> = {
      1: { id: 1, key: 'url', role: 'read', value: 'string', raw: 'other', lengthType: 'next param', defaultValue: 'ws://device:8053/feed' },
      2: { id: 2, key: 'path', role: 'read', value: 'string', raw: 'other', lengthType: 'next param' },
    };
    const endpoint = new Endpoint(
      { id: 0, key: 'main', name: 'Main', dynamicIpParam: 1, handshake: { pathParam: 2, headers: [] } },
      { url: 'ws://127.0.0.1:9000' },
      { read: (key: string) => params.get(key) } as never,
      (id) => specs[id] as ParamSpec,
    );
    expect(endpoint.url()).toBe('ws://127.0.0.1:9000/feed');
    params.set('url', 'ws://other:1/live');
    expect(endpoint.url()).toBe('ws://other:1/live');
    params.set('url', 'other:2');
    expect(endpoint.url()).toBe('ws://other:2/feed');
  });

  it('gives a URL that names no path the handshake path, with its query; a URL with a path stays as it is', () => {
    expect(withPath('ws://h:1', '/a/b')).toBe('ws://h:1/a/b');
    expect(withPath('ws://h:1/', 'a')).toBe('ws://h:1/a');
    expect(withPath('ws://h:1', '/a?x=1')).toBe('ws://h:1/a?x=1');
    expect(withPath('ws://h:1/base/', 'a')).toBe('ws://h:1/base/');
    expect(withPath('ws://h:1/?k=v', '/a')).toBe('ws://h:1/?k=v');
  });
});

interface TestEvents {
  tick: (n: number) => void;
  error: (error: Error) => void;
}

describe('emitter', () => {
  it('drops an error nobody listens to instead of throwing', () => {
    const emitter = new Emitter<TestEvents>();
    expect(() => emitter.emit('error', new Error('unheard'))).not.toThrow();
    expect(() => emitter.report('not even an Error')).not.toThrow();
  });

  it('reports a throwing listener as an error, and calls the others', () => {
    const emitter = new Emitter<TestEvents>();
    const errors: Error[] = [];
    const ticks: number[] = [];
    emitter.on('error', (e) => errors.push(e));
    emitter.on('tick', () => {
      throw new Error('bad listener');
    });
    emitter.on('tick', (n) => ticks.push(n));
    emitter.emit('tick', 7);
    expect(ticks).toEqual([7]);
    expect(errors.map((e) => e.message)).toEqual(['bad listener']);
  });

  it('survives an error listener that throws', () => {
    const emitter = new Emitter<TestEvents>();
    emitter.on('error', () => {
      throw new Error('worse');
    });
    expect(() => emitter.report(new Error('bad'))).not.toThrow();
  });

  it('unsubscribes exactly the listener it returned for, once', () => {
    const emitter = new Emitter<TestEvents>();
    const ticks: string[] = [];
    const listener = (n: number): void => {
      ticks.push(`l${n}`);
    };
    const offFirst = emitter.on('tick', listener);
    emitter.on('tick', listener);
    offFirst();
    offFirst();
    emitter.emit('tick', 1);
    expect(ticks).toEqual(['l1']);
    emitter.emit('tick', 2);
    expect(ticks).toEqual(['l1', 'l2']);
  });
});

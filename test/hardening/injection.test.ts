/**
 * Injection: drivers generated from names and descriptions that are code. Each generated module is
 * written to a scratch folder under test/, imported for real (vitest compiles the TypeScript;
 * `@protogen-dm/runtime` resolves through the alias) and must export exactly the expected names, carry
 * every hostile text as the exact same string, and run none of it: `globalThis.__pwned` stays unset.
 * The same files then type-check with zero diagnostics under the strict settings (TypeScript 6 and 7).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '@protogen-dm/generator';
import type { Driver, ProtocolSpec } from '@protogen-dm/runtime';
import { NameScope } from '../../generator/src/names.js';
import { repoRoot } from '../generator/helpers.js';
import { scratchProject } from '../helpers/typecheck.js';
import { hostileFileName, payloadProtocol, payloads } from './injection-inputs.js';
import { TestServer } from '../runtime/server.js';

let scratch = '';
const pwned = (): unknown => (globalThis as { __pwned?: unknown }).__pwned;

beforeAll(() => {
  scratch = scratchProject('injection');
  delete (globalThis as { __pwned?: unknown }).__pwned;
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Generates `xml` (no error allowed) into the scratch folder; returns the module path. */
function generateInto(file: string, xml: string | Uint8Array, as: string): string {
  const result = generate([{ file, contents: xml }]);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.files).toHaveLength(1);
  const path = join(scratch, `${as}.ts`);
  writeFileSync(path, result.files[0]!.contents);
  return path;
}

type Module = Record<string, unknown>;

describe('generated modules from hostile text', () => {
  it.each(payloads.map((payload, index) => ({ index, payload, shown: JSON.stringify(payload) })))(
    'payload $index $shown: exact exports, exact strings, nothing ran',
    async ({ index, payload }) => {
      const path = generateInto(`payload-${index}.xml`, payloadProtocol(index, payload), `payload-${index}`);
      const module = (await import(path)) as Module;
      expect(pwned()).toBeUndefined();
      expect(Object.keys(module).sort()).toEqual(['Mode', `Payload${index}Driver`, `payload${index}Protocol`].sort());

      const spec = module[`payload${index}Protocol`] as ProtocolSpec;
      const trimmed = payload.trim();
      expect(spec.name).toBe(`Payload ${index}`);
      expect(spec.version).toBe(trimmed);
      expect(spec.connections[0]!.name).toBe(trimmed);
      expect(spec.connections[0]!.handshake).toEqual({ headers: [{ name: 'x-token', param: 3 }] });
      const mode = spec.params.find((param) => param.id === 1)!;
      expect(mode.defaultValue).toBe(payload);
      // Element text is trimmed (as DataMiner reads it); attribute values and DefaultValue are kept as they are.
      const exceptionValue = `${payload}x`.trim();
      const exceptionDisplay = `${payload} exception`.trim();
      expect(mode.exceptions).toEqual([{ match: `${payload}x`, value: exceptionValue, display: exceptionDisplay }]);
      expect(spec.params.find((param) => param.id === 10)!.constant).toBe(Buffer.from(`${payload}|`, 'utf8').toString('hex'));
      // The discrete const: the naming rules' PascalCase of each display text → the exact value, for the
      // discretes, then the exception (the display text itself is only in JSDoc).
      const keys = new NameScope().assign([{ id: 1, name: trimmed }, { id: 2, name: 'Plain' }, { id: 3, name: exceptionDisplay }], 'value', 'pascal');
      const displays = Object.fromEntries([
        [keys.of(1), trimmed],
        ['Plain', 'plain'],
        [keys.of(3), exceptionValue],
      ]);
      expect(Object.keys(displays).every((key) => /^[A-Z][A-Za-z0-9_]*$/.test(key))).toBe(true);
      expect(module['Mode']).toEqual(displays);
      expect(Object.keys(module['Mode'] as object)).toEqual(Object.keys(displays));
      expect(Object.getPrototypeOf(module['Mode'])).toBe(Object.prototype);

      // The driver class builds from that spec and has one method for the pair, named safely.
      const Class = module[`Payload${index}Driver`] as new (options: object) => Driver<object, string>;
      const driver = new Class({ connections: { [spec.connections[0]!.key]: { url: 'ws://127.0.0.1:9/' } } });
      expect(typeof (driver as unknown as Record<string, unknown>)[spec.pairs[0]!.key]).toBe('function');
      expect(pwned()).toBeUndefined();
    },
  );

  it('hostile-names.xml (every slot hostile, names that collide, reserved words): exact exports and values', async () => {
    const file = hostileFileName;
    const path = generateInto(file, readFileSync(join(repoRoot, 'test/fixtures/hostile/hostile-names.xml')), 'hostile-names');
    const module = (await import(path)) as Module;
    expect(pwned()).toBeUndefined();
    expect(Object.keys(module).sort()).toEqual(
      [
        'Driver_15',
        'GlobalThisPwned1',
        'GlobalThisPwned1Driver',
        'GlobalThisPwned1_2',
        'GlobalThisPwned1_3',
        'LineOneGlobalThisPwned1',
        'Party',
        'Promise_14',
        'globalThisPwned1Protocol',
      ].sort(),
    );
    const p1 = "'); globalThis.__pwned = 1; ('";
    const p2 = '*/ globalThis.__pwned = 1; /*';
    const p3 = '${globalThis.__pwned = 1}';
    const p4 = '` + (globalThis.__pwned = 1) + `';
    // Discrete keys are the PascalCase of the display text, repaired by the naming rules; values exact.
    expect(module['GlobalThisPwned1']).toEqual({ GlobalThisPwned1: p1, Proto: '__proto__' });
    expect(Object.keys(module['GlobalThisPwned1'] as object)).toEqual(['GlobalThisPwned1', 'Proto']);
    expect(Object.getPrototypeOf(module['GlobalThisPwned1'])).toBe(Object.prototype);
    expect(module['GlobalThisPwned1_2']).toEqual({ GlobalThisPwned1: p2, Constructor: 'constructor' });
    expect(module['GlobalThisPwned1_3']).toEqual({ GlobalThisPwned1: p3, GlobalThisPwned1_2: p4 });
    expect(module['LineOneGlobalThisPwned1']).toEqual({ LineOneGlobalThisPwned1: 'a\u2028globalThis.__pwned = 1\u2029b' });
    expect(module['Party']).toEqual({ Value1: '🚀' });
    expect(module['Promise_14']).toEqual({ Off: 0, On: 1 });
    expect(module['Driver_15']).toEqual({ A2: '3', A: '1', A_3: '2' });

    const spec = module['globalThisPwned1Protocol'] as ProtocolSpec;
    expect(spec.name).toBe(p1);
    expect(spec.version).toBe(p3);
    expect(spec.connections.map((c) => [c.key, c.name])).toEqual([
      ['globalThisPwned1', p2],
      ['lineOneGlobalThisPwned1', 'line one\nglobalThis.__pwned = 1;\n//'],
    ]);
    const defaults = Object.fromEntries(spec.params.filter((param) => param.defaultValue !== undefined).map((param) => [param.id, param.defaultValue]));
    expect(defaults).toEqual({
      1: p1,
      2: p2,
      3: p3,
      4: "\\'; globalThis.__pwned = 1; //",
      5: '\r\nglobalThis.__pwned = 1;\r\n//',
      6: 'a\u2028globalThis.__pwned = 1\u2029b',
      7: '🎉',
      8: '\u202e\u2066\ufeff\u0085',
      30: 't0k3n',
    });
    expect(spec.params.map((param) => param.key)).toEqual([
      'globalThisPwned1', 'globalThisPwned1_2', 'globalThisPwned1_3', 'globalThisPwned1_4', 'lineOneGlobalThisPwned1',
      'aGlobalThisPwned1B', 'party', 'laveIsolateMark', 'scriptScriptGlobalThisPwned1Script', 'class_10', 'constructor_11',
      'proto', 'then_13', 'promise', 'driver', 'fooBar', 'fooBar_17', 'fooBar_18', 'fooBar17', 'param2ndValue', 'param21',
      'temperature', 'handshakeToken', 'askHeader', 'answerHeader', 'request',
    ]);
    expect(spec.pairs.map((pair) => [pair.key, pair.source])).toEqual(
      [['globalThisPwned1', 142], ['constructor_2', 144], ['then_3', 146], ['connect_4', 147], ['evil', 148], ['proto', 149]].map(
        ([key, line]) => [key, `evil\n*\u2028 globalThis.__pwned = 1; \${globalThis.__pwned = 1}\`'".xml:${line}`],
      ),
    );

    // The driver really talks: the hostile header constants go out and come back byte for byte.
    const server = await TestServer.start();
    try {
      server.handler = (frame, s) => s.send(frame.socket, `*/\${\`${p1}`);
      const Class = module['GlobalThisPwned1Driver'] as new (options: object) => Driver<object, string> & Record<string, (...args: unknown[]) => Promise<unknown>>;
      const driver = new Class({ connections: { globalThisPwned1: { url: server.url() }, lineOneGlobalThisPwned1: { url: server.url() } } });
      await driver.connect();
      await expect(driver['globalThisPwned1']!({ request: 'ask' })).resolves.toEqual({ globalThisPwned1: p1 });
      expect(server.frames[0]!.text).toBe(`${p1}:ask`);
      expect(server.handshakes[0]!.headers["x-'`$*|~^!#%&+._"]).toBe('t0k3n');
      // A pair named `then` is `then_3`: the driver is not a thenable, so awaiting it is harmless.
      expect(await Promise.resolve(driver)).toBe(driver);
      await driver.close();
    } finally {
      await server.close();
    }
    expect(pwned()).toBeUndefined();
  });
});

/**
 * A driver over a hand-written spec with HTTP sessions, for runtime tests: `run(id, values, options)`
 * calls the protected `session` entry point generated methods use.
 */
import { Driver, type CallOptions, type ConnectionSpec, type DriverOptions, type ParamSpec, type ProtocolSpec, type SessionSpec } from '@protogen-dm/runtime';

export const stringParam = (id: number, key: string): ParamSpec => ({ id, key, role: 'read', value: 'string', raw: 'other', lengthType: 'next param' });
export const numberParam = (id: number, key: string): ParamSpec => ({ id, key, role: 'read', value: 'number', raw: 'numeric text', lengthType: 'next param' });

export function httpSpec(sessions: readonly SessionSpec[], params: readonly ParamSpec[], connection: Partial<ConnectionSpec> = {}): ProtocolSpec {
  return {
    name: 'HTTP Test',
    version: '1',
    connections: [{ id: 0, key: 'api', name: 'API', kind: 'http', ...connection }],
    params,
    commands: [],
    responses: [],
    pairs: [],
    sessions,
  };
}

export class HttpTestDriver extends Driver<Record<string, unknown>, 'api', 'api'> {
  constructor(spec: ProtocolSpec, options: DriverOptions<'api', 'api'>) {
    super(spec, options);
  }

  run(id: number, values?: Record<string, unknown>, options?: CallOptions): Promise<Record<string, unknown>> {
    return this.session(id, values, options) as Promise<Record<string, unknown>>;
  }
}

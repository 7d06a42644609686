/** A driver over any generated spec that runs a session by id (what a generated session method does). */
import { Driver, type CallOptions, type HttpConnectionOptions, type ProtocolSpec } from '@protogen-dm/runtime';

export class SessionDriver extends Driver<Record<string, unknown>, string, string> {
  constructor(spec: ProtocolSpec, connections: Readonly<Record<string, HttpConnectionOptions>>) {
    super(spec, { connections });
  }

  run(id: number, values: Record<string, unknown>, options?: CallOptions): Promise<Record<string, unknown>> {
    return this.session(id, values, options) as Promise<Record<string, unknown>>;
  }
}

/** Spec builders for codec tests. Bytes in tests are always written out by hand with `hex`/`ascii`. */

import { createCodec, type FrameCodec } from '@protogen-dm/runtime/codec';
import type { ParamSpec, ProtocolSpec } from '@protogen-dm/runtime';

type Extra = Omit<Partial<ParamSpec>, 'id'>;

/** Hand-written hex (`'FD FF FF FF'`) → bytes; independent of the codec's own hex helpers. */
export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

/** Single-byte characters → bytes (`'\r'` → 0D). */
export function ascii(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'latin1'));
}

/** Bytes → spaced upper-case hex, for readable assertions. */
export function show(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase().replace(/(..)(?=.)/g, '$1 ');
}

/** A data param (role `read`, `next param`, `other` string unless overridden). */
export function data(id: number, extra: Extra = {}): ParamSpec {
  return { id, key: `p${id}`, role: 'read', value: 'string', raw: 'other', lengthType: 'next param', ...extra };
}

/** A constant param (role `fixed`) from text. */
export function fixed(id: number, text: string, role: ParamSpec['role'] = 'fixed'): ParamSpec {
  const constant = Buffer.from(text, 'latin1').toString('hex');
  return { id, key: `c${id}`, role, value: 'string', raw: 'other', lengthType: 'fixed', length: constant.length / 2, constant };
}

/** A constant param from hex (`'0d0a'`). */
export function fixedHex(id: number, constant: string, role: ParamSpec['role'] = 'fixed'): ParamSpec {
  return { id, key: `c${id}`, role, value: 'string', raw: 'other', lengthType: 'fixed', length: constant.length / 2, constant };
}

/** A protocol with one command and one response (both id 1) made of `params` in order. */
export function protocol(params: readonly ParamSpec[], order: readonly number[] = params.map((param) => param.id)): ProtocolSpec {
  const unique = [...new Map(params.map((param) => [param.id, param])).values()];
  return {
    name: 'Test',
    version: '1.0.0.0',
    connections: [],
    params: unique,
    commands: [{ id: 1, key: 'cmd', params: order, text: false }],
    responses: [{ id: 1, key: 'resp', params: order, connection: 0 }],
    pairs: [],
  };
}

/** The frame codec of `params` in order (the command of `protocol`). */
export function frame(params: readonly ParamSpec[], order?: readonly number[]): FrameCodec {
  return createCodec(protocol(params, order)).command(1);
}

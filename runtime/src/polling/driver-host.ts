/**
 * The `PollingHost` of a generated driver: pairs run through the driver's own `request`, with command
 * arguments read from `driver.params` (which start at each param's `DefaultValue`), params by id.
 */
import type { ParamSink } from '../param-store.js';
import type { ProtocolSpec } from '../spec.js';
import { byId, structuralRoles } from '../spec.js';
import { perSpec } from '../per-spec.js';
import type { PairAnswer, PollingHost } from './host.js';

type Request = (pairId: number, values: object | undefined, client: string | undefined) => Promise<PairAnswer>;
/** `driver.params`, untyped: its typed `on` takes only its own keys, which the spec holds as strings. */
type Store = ParamSink<string> & { on(key: never, listener: (value: never) => void): () => void };

/** `extras`: the item kinds beyond pairs the driver offers, its push watcher, its multipleGet reader. */
export function driverPollingHost(
  spec: ProtocolSpec,
  params: Store,
  request: Request,
  extras: Pick<PollingHost, 'items' | 'watchPushes' | 'readParams' | 'closeClient'> = {},
): PollingHost {
  const { paramKeys, argumentKeys } = lookupsOf(spec);
  const host: PollingHost = {
    runPair: (id, client) => {
      const keys = argumentKeys.get(id);
      if (keys === undefined) return request(id, undefined, client);
      const values: Record<string, unknown> = {};
      for (const key of keys) {
        const value = params.read(key);
        if (value !== undefined) values[key] = value;
      }
      return request(id, values, client);
    },
    readParam: (id) => {
      const key = paramKeys.get(id);
      return key === undefined ? undefined : params.read(key);
    },
    watchParam: (id, listener) => {
      const key = paramKeys.get(id);
      return key === undefined ? () => undefined : params.on(key as never, (value: unknown) => listener(value));
    },
  };
  return { ...host, ...extras };
}

/** Param id → key, and per pair the keys of its command's data params (none: the pair takes no values). */
const lookupsOf = perSpec((spec: ProtocolSpec) => ({
  paramKeys: new Map(spec.params.map((param) => [param.id, param.key])),
  argumentKeys: commandArguments(spec),
}));

function commandArguments(spec: ProtocolSpec): Map<number, string[]> {
  const params = byId(spec.params);
  const commands = byId(spec.commands);
  const result = new Map<number, string[]>();
  for (const pair of spec.pairs) {
    const keys = (commands.get(pair.command)?.params ?? []).flatMap((id) => {
      const param = params.get(id);
      return param && !structuralRoles.has(param.role) ? [param.key] : [];
    });
    if (keys.length > 0) result.set(pair.id, [...new Set(keys)]);
  }
  return result;
}


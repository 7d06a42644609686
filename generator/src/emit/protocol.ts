/**
 * The protocol as data, for the runtime and the mock device: JSON, one item per line, inside a
 * template literal that `protocolFromJson` parses once at load. A 20 000-param protocol as an object
 * literal took TypeScript longer to check than all the rest of the file; a string costs nothing.
 *
 *   <Pair id="1"><Name>Ping</Name><Content><Command>1</Command><Response>1</Response></Content></Pair> →
 *   "pairs": [
 *     {"id":1,"key":"ping","command":1,"responses":[1],"badResponses":[],"connection":0}
 *   ]
 *   <Timer id="1"><Time>1000</Time><Content><Group>2</Group></Content></Timer> →
 *   "polling": { "timers": [ {"id":1,"name":"","time":1000,"initial":true,"interval":0,"groups":[2]} ], … }
 */
import type { PollingSpec } from '@protogen-dm/runtime';
import type { Plan } from '../plan.js';
import { jsonInTemplate } from './escape.js';
import { render } from './render.js';

export function emitProtocol(plan: Plan): string {
  const spec = plan.spec;
  const lines = (items: readonly object[]): string => items.map((item) => `    ${jsonInTemplate(item)}`).join(',\n');
  return render.protocol({
    protocolName: plan.protocolName,
    docLines: [`${spec.name} as data: what the runtime and the mock device build, route and decode messages with.`],
    name: spec.name,
    version: spec.version,
    connections: lines(spec.connections),
    params: lines(spec.params),
    commands: lines(spec.commands),
    responses: lines(spec.responses),
    pairs: lines(spec.pairs),
    sessions: lines(spec.sessions ?? []),
    ...(spec.polling && { polling: pollingJson(spec.polling) }),
  });
}

/** `{ "timers": [ … ], "groups": [ … ], … }`, one item per line like the lists above. */
function pollingJson(polling: PollingSpec): string {
  const section = (name: string, items: readonly object[]): string =>
    items.length === 0 ? `    "${name}": []` : `    "${name}": [\n${items.map((item) => `      ${jsonInTemplate(item)}`).join(',\n')}\n    ]`;
  const sections = [section('timers', polling.timers), section('groups', polling.groups), section('triggers', polling.triggers), section('actions', polling.actions)];
  return `{\n${sections.join(',\n')}\n  }`;
}

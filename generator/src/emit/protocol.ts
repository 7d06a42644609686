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
 *   <Param id="2"><SNMP><Enabled>true</Enabled><OID type="complete">1.3.6.1.2.1.1.5.0</OID></SNMP></Param> →
 *   "snmp": { "params": [ {"param":2,"connection":0,"oid":"1.3.6.1.2.1.1.5.0"} ], "tables": [], "traps": [] }
 */
import type { Plan } from '../plan.js';
import { jsonInTemplate } from './escape.js';
import { joinMany } from './join.js';
import { render } from './render.js';

export function emitProtocol(plan: Plan): string {
  const spec = plan.spec;
  const lines = (items: readonly object[]): string => jsonLines(items, '    ');
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
    ...(spec.polling && { polling: listsJson(spec.polling) }),
    ...(spec.snmp && { snmp: listsJson(spec.snmp) }),
  });
}

/** An object of lists (`{ "timers": [ … ], "groups": [ … ], … }`), one item per line like the lists above. */
function listsJson(lists: object): string {
  const section = ([name, items]: [string, readonly object[]]): string =>
    items.length === 0 ? `    "${name}": []` : `    "${name}": [\n${jsonLines(items, '      ')}\n    ]`;
  return `{\n${(Object.entries(lists) as [string, readonly object[]][]).map(section).join(',\n')}\n  }`;
}

/**
 * One JSON text per line at `indent`, comma-separated; '' for none. The indent goes with the separator:
 * one string fewer per line (60 000 lines for 20 000 params; a tenth of this section's time).
 */
function jsonLines(items: readonly object[], indent: string): string {
  return items.length === 0 ? '' : indent + joinMany(items, jsonInTemplate, `,\n${indent}`);
}

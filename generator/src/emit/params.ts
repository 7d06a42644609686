/**
 * The params interface (one member per value-carrying param) and the union of connection keys.
 *
 *   <Param id="1"><Name>Generic Response</Name><Type>read</Type>… →
 *   export interface EchoParams { /** … Param 1 · read … *\/ genericResponse: string; }
 *   export type EchoConnection = 'webSocketConnection';
 */
import type { Plan } from '../plan.js';
import { paramDoc } from './docs.js';
import { tsString } from './escape.js';
import { lazily } from './lazy.js';
import { render } from './render.js';

export function emitParams(plan: Plan): string {
  const keys = plan.connections.map((connection) => tsString(connection.key));
  return render.params({
    paramsName: plan.paramsName,
    docLines: [`Current values of the ${plan.spec.name} parameters, by camelCase name (\`driver.params\`).`],
    params: lazily(plan.valueParams, (param) => ({ key: param.key, type: param.type, docLines: paramDoc(plan, param) })),
    connectionName: plan.connectionsName,
    connectionDoc: [
      'Keys of the connections, for the `connections` option and `state` events:',
      ...plan.connections.map((connection) => `${connection.key}: connection ${connection.model.id} "${connection.model.name}"${kindHint(connection.model.kind)}`),
    ],
    connectionUnion: keys.length > 0 ? keys.join(' | ') : 'never',
  });
}

/** HTTP, SNMP and byte-stream connections say what they are (WebSocket ones take ws:// and wss://, as always). */
function kindHint(kind: string): string {
  if (kind === 'http') return ' (HTTP)';
  if (kind === 'snmp') return ' (SNMP: udp://host:port, port 161 by default)';
  return kind === 'serial' || kind === 'smart-serial' ? ` (${kind}: tcp://host:port or udp://host:port)` : '';
}

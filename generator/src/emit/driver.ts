/**
 * The driver class: one non-generic method per pair with explicit argument and return types.
 *
 *   <Pair id="1"><Name>Ping</Name><Content><Command>1</Command><Response>1</Response></Content></Pair> →
 *   ping(values: { readonly pingRequest: string }, options?: CallOptions): Promise<{ readonly pong: string }> {
 *     return this.request(1, values, options) as Promise<{ readonly pong: string }>;
 *   }
 */
import type { Plan, PlannedMethod, PlannedParam } from '../plan.js';
import { sourceLine } from './docs.js';
import { tsString } from './escape.js';
import { render } from './render.js';

export function emitDriver(plan: Plan): string {
  return render('driver', {
    className: plan.className,
    paramsName: plan.paramsName,
    connectionName: plan.connectionsName,
    protocolName: plan.protocolName,
    docLines: [
      `Driver for ${plan.spec.name}: one method per pair; \`params\` holds every value received.`,
      'A method resolves with the typed values of its response, or rejects with PairTimeoutError,',
      'BadCommandError, ConnectionClosedError or QueueFullError.',
      plan.model.description ?? '',
    ],
    methods: plan.methods.map((method) => methodView(plan, method)),
  });
}

function methodView(plan: Plan, method: PlannedMethod): object {
  const returns = returnType(method);
  const hasArgs = method.args.length > 0;
  return {
    name: method.spec.key,
    docLines: methodDoc(plan, method),
    parameters: hasArgs ? `values: ${objectType(method.args, 'arguments')}, options?: CallOptions` : 'options?: CallOptions',
    valuesArgument: hasArgs ? 'values' : 'undefined',
    pairId: method.spec.id,
    returns,
  };
}

/** `{ readonly a: string; readonly b?: number }`: arguments are all required; a result may lack a value. */
function objectType(params: readonly PlannedParam[], role: 'arguments' | 'result'): string {
  if (params.length === 0) return 'Record<string, never>';
  const member = (param: PlannedParam): string => {
    const optional = role === 'result' && param.mayBeAbsent ? '?' : '';
    return `readonly ${param.key}${optional}: ${param.type}`;
  };
  return `{ ${params.map(member).join('; ')} }`;
}

/** Push pairs resolve with nothing; one response with its values; several with a tagged union. */
function returnType(method: PlannedMethod): string {
  if (method.responses.length === 0) return 'void';
  const [only] = method.responses;
  if (method.responses.length === 1 && only) return objectType(only.values, 'result');
  return method.responses
    .map((response) => `{ readonly response: ${tsString(response.key)}; readonly values: ${objectType(response.values, 'result')} }`)
    .join(' | ');
}

function methodDoc(plan: Plan, method: PlannedMethod): string[] {
  const { pair, spec } = method;
  const ids = [`Pair ${pair.id}`, `Command ${spec.command}`, ...spec.responses.map((id) => `Response ${id}`)];
  ids.push(...spec.badResponses.map((id) => `bad-command Response ${id}`), `connection ${spec.connection}`);
  const timing: string[] = [];
  if (spec.timeoutMs !== undefined) timing.push(`timeout ${spec.timeoutMs} ms`);
  if (spec.retries !== undefined) timing.push(`retries ${spec.retries}`);
  const lines = [pair.description ?? pair.name];
  if (spec.responses.length === 0) lines.push('Push mode: resolves once the command is handed to the socket; later messages land in `params`.');
  return [...lines, [...ids, ...timing, sourceLine(plan, pair.at)].join(' · ')];
}

/**
 * Session methods of the driver class (contract §10): typed values of the params the requests read,
 * typed result of the params the responses store.
 *
 *   <Session id="2" name="Get Item"><Connection id="1"><Request verb="GET" pid="5"/>
 *     <Response statusCode="20"><Content pid="21"/></Response></Connection></Session> →
 *   /** Session 2 · GET {itemPath} · connection 1 · rest.xml:40 *\/
 *   getItem(values: { readonly itemPath: string }, options?: CallOptions): Promise<GetItemResult> {
 *     return this.session(2, values, options) as Promise<GetItemResult>;
 *   }
 */
import type { Plan } from '../plan.js';
import type { PlannedSession } from '../plan-http.js';
import { sourceLine } from './docs.js';
import type { DriverView } from '../templates.compiled.js';
import { objectType } from '../type-text.js';

export function sessionViews(plan: Plan): DriverView['sessions'] {
  return plan.sessions.map((session) => {
    const hasArgs = session.args.length > 0;
    return {
      name: session.spec.key,
      docLines: sessionDoc(plan, session),
      parameters: hasArgs ? `values: ${objectType(session.args, 'arguments')}, options?: CallOptions` : 'options?: CallOptions',
      valuesArgument: hasArgs ? 'values' : 'undefined',
      sessionId: session.spec.id,
      returns: session.result.name,
    };
  });
}

/** Name, then one line per request (`POST /items · body ← itemJson`), then ids and the source line. */
function sessionDoc(plan: Plan, planned: PlannedSession): string[] {
  const { session, spec } = planned;
  const keyOf = (id: number | undefined): string => plan.valueParams.find((param) => param.model.id === id)?.key ?? `param ${id}`;
  const requests = spec.requests.map((request) => {
    const path = request.url ?? `{${keyOf(request.pathParam)}}`;
    return `${request.verb} ${path}`;
  });
  const facts = [`Session ${session.id}`, `connection ${spec.connection}`];
  if (spec.timeoutMs !== undefined) facts.push(`timeout ${spec.timeoutMs} ms`);
  if (spec.keepAlive) facts.push('keep-alive');
  if (spec.userParam !== undefined) facts.push(`credentials from ${keyOf(spec.userParam)} / ${keyOf(spec.passwordParam)}`);
  return [
    session.name || `Session ${session.id}`,
    ...requests.map((request) => `\`${request}\``),
    'Rejects with HttpStatusError for a final status outside 2xx (the params are still updated).',
    [...facts, sourceLine(plan, session.at)].join(' · '),
  ];
}

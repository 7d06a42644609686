/**
 * What the DataMiner schema requires and protogen would otherwise pass over in silence: known child
 * elements (PG0013), allowed values (PG0014) and unique names (PG0015). For example
 *
 *   <Pair id="1"><Content><Reponse>3</Reponse></Content></Pair>
 *   → PG0013 <Reponse> is not an element of Pair/Content: protogen ignores it (did you mean `Response`?)
 *   <WebSocket>True</WebSocket>
 *   → PG0014 CommunicationOptions/WebSocket "True" is not an allowed value (did you mean `true`?): expected true or false
 */
import type { DiagnosticBag } from './diagnostics.js';
import type { Node, ProtocolModel, Stray } from './model.js';
import { childElements, enumerations } from './schema.js';

export function checkSchema(model: ProtocolModel, bag: DiagnosticBag): void {
  for (const stray of model.strays) reportStray(stray, bag);
  checkUniqueNames(model, bag);
}

function reportStray(stray: Stray, bag: DiagnosticBag): void {
  if (stray.kind === 'element') {
    const known = childElements.get(stray.path) ?? [];
    const guess = closest(stray.text, known);
    const advice = guess === undefined ? '' : ` (did you mean \`${guess}\`?)`;
    bag.report('PG0013', stray.at, `<${stray.text}> is not an element of ${shortPath(stray.path)}: protogen ignores it${advice}`);
    return;
  }
  const allowed = enumerations.get(stray.path) ?? [];
  const guess = closest(stray.text, allowed);
  const advice = guess === undefined ? '' : ` (did you mean \`${guess}\`?)`;
  bag.report('PG0014', stray.at, `${shortPath(stray.path)} "${stray.text}" is not an allowed value${advice}: expected ${alternatives(allowed)}`);
}

/** `Protocol/Pairs/Pair/Content` → `Pair/Content`; a connection body (`*`) is left out. */
function shortPath(path: string): string {
  return path.split('/').filter((part) => part !== '*').slice(-2).join('/');
}

function alternatives(values: readonly string[]): string {
  return values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(', ')}`;
}

/**
 * The known name closest to `name` (case ignored, a swap of two neighbours counting as one edit), if
 * it is within a third of the name's length: `Reponse` → `Response`, `LenghtType` → `LengthType`.
 */
export function closest(name: string, known: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase(), limit);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** Optimal string alignment distance; anything over `limit` is reported as `limit + 1`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (before[j - 2] as number) + 1);
      current.push(value);
    }
    [before, previous] = [previous, current];
  }
  return Math.min(previous[b.length] as number, limit + 1);
}

interface Named extends Node {
  readonly id: number;
  readonly name: string;
}

/** The schema requires unique Names within Commands, Responses, Pairs and HTTP sessions. */
function checkUniqueNames(model: ProtocolModel, bag: DiagnosticBag): void {
  const kinds: [string, readonly Named[]][] = [
    ['Command', model.commands],
    ['Response', model.responses],
    ['Pair', model.pairs],
    ['Session', model.sessions],
  ];
  for (const [kind, items] of kinds) {
    const first = new Map<string, Named>();
    for (const item of items) {
      if (item.name === '') continue;
      const earlier = first.get(item.name);
      if (!earlier) first.set(item.name, item);
      else if (earlier.id !== item.id) {
        bag.report('PG0015', item.at, `${kind} ${item.id} has the Name "${item.name}" of ${kind} ${earlier.id} (line ${model.lines.line(earlier.at)}): the schema requires unique names`);
      }
    }
  }
}

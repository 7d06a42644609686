/**
 * What the reader found but could not use: a DOCTYPE, a foreign namespace, no Name, text where an id or
 * number belongs, settings the runtime does not apply. For example
 *
 *   <Pair id="x">                         → PG0011 Pair has an invalid id "x"
 *   <Interprete><Length>two</Length>      → PG0044 Interprete/Length "two" is not a number
 */
import { MAX_TIMER_MS } from '@protogen-dm/runtime/rules';
import type { DiagnosticBag } from './diagnostics.js';
import type { ProtocolModel, Unreadable } from './model.js';
import { protocolNamespace } from './read-protocol.js';

export function checkReadings(model: ProtocolModel, bag: DiagnosticBag): void {
  if (model.doctype) bag.report('PG0003', model.doctype, 'DOCTYPE ignored: protogen never expands entities');
  if (model.namespace !== undefined && model.namespace !== protocolNamespace) {
    bag.report('PG0004', model.at, `unexpected namespace "${model.namespace}"`, `protocol files use ${protocolNamespace} or none`);
  }
  if (model.name === undefined) bag.report('PG0005', model.at, 'the protocol has no <Name>; the file name is used instead');
  if (model.overriddenType) {
    bag.report('PG0050', model.overriddenType, 'Protocol/Type and Protocol/Connections are both present: Connections defines the connections it lists');
  }
  for (const item of model.unreadable) reportUnreadable(item, bag);
  for (const response of model.responses) {
    if (response.optionalContent) {
      bag.report('PG0045', response.optionalContent, 'Content@optional is not applied: the response matches only when every param is present');
    }
  }
}

function reportUnreadable(item: Unreadable, bag: DiagnosticBag): void {
  const { what, text, at } = item;
  switch (item.expected) {
    case 'id': {
      const problem = text === undefined ? 'has no id' : `has an invalid id "${text}"`;
      bag.report('PG0011', at, `${what} ${problem}`, 'ids are unsigned integers without sign or leading zeros');
      return;
    }
    case 'reference':
      bag.report('PG0024', at, `${what} "${text}" is not an id`);
      return;
    case 'param id':
      bag.report('PG0024', at, `${what} "${text}" is not a param id`);
      return;
    case 'connection':
      bag.report('PG0030', at, `${what} does not name a connection id`);
      return;
    case 'number':
      bag.report('PG0044', at, `${what} "${text}" is not a number`);
      return;
    case 'timeout':
      bag.report('PG0044', at, `${what} "${text}" is not a timeout from 1 to ${MAX_TIMER_MS} ms; the default applies`);
      return;
    case 'count':
      bag.report('PG0044', at, `${what} "${text}" is not a whole number from 1; no limit applies`);
      return;
  }
}

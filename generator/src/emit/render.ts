/**
 * The precompiled templates (templates/*.hbs), each a function of its typed view: `render.driver(view)`
 * takes exactly a `DriverView` (declared at the top of driver.hbs). The escaping helpers are registered
 * here, once: `{{str text}}` for string literals, `{{json value}}` for JSON inside the protocol's
 * template literal, and `{{doc lines indent}}` for JSDoc blocks. `{{#each list}}` is ours too (below).
 */
import type { HelperOptions } from 'handlebars';
import { env, templates } from '../templates.compiled.js';
import { jsDoc, jsonInTemplate, tsString } from './escape.js';
import { joinMany } from './join.js';

env.registerHelper('str', (text: unknown) => tsString(String(text)));
env.registerHelper('json', (value: unknown) => jsonInTemplate(value));
env.registerHelper('doc', (lines: unknown, indent: unknown) => jsDoc(lines as string[], typeof indent === 'string' ? indent : ''));
env.registerHelper('each', each);

/**
 * `{{#each list}}…{{else}}…{{/each}}` over a view's array or lazy list (emit/lazy.ts). Handlebars' own
 * appends every item to one string, which V8 keeps as a tree of all the pieces every item was made of
 * (hundreds of thousands for 20 000 params) until the file is joined, copied by every garbage
 * collection on the way. This one joins the items into large flat strings as it goes (join.ts).
 */
function each(this: unknown, list: unknown, options: HelperOptions): string {
  if (!isIterable(list)) throw new Error(`protogen bug: {{#each}} over ${typeof list}, not a list`);
  let empty = true;
  const text = joinMany(list, (item) => {
    empty = false;
    return options.fn(item);
  });
  return empty ? options.inverse(this) : text;
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.iterator in value;
}

export const render = templates;

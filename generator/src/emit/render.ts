/**
 * The precompiled templates (templates/*.hbs), each a function of its typed view: `render.driver(view)`
 * takes exactly a `DriverView` (declared at the top of driver.hbs). The escaping helpers are registered
 * here, once: `{{str text}}` for string literals, `{{json value}}` for JSON inside the protocol's
 * template literal, and `{{doc lines indent}}` for JSDoc blocks. `{{#each list}}` is ours too (below).
 */
import type { HelperOptions } from 'handlebars';
import { env, templates } from '../templates.compiled.js';
import { jsDoc, jsonInTemplate, tsString } from './escape.js';

env.registerHelper('str', (text: unknown) => tsString(String(text)));
env.registerHelper('json', (value: unknown) => jsonInTemplate(value));
env.registerHelper('doc', (lines: unknown, indent: unknown) => jsDoc(lines as string[], typeof indent === 'string' ? indent : ''));
env.registerHelper('each', each);

/** Items joined into one flat string at a time: see `each`. */
const ITEMS_PER_PIECE = 64;

/**
 * `{{#each list}}…{{else}}…{{/each}}` over a view's array. Handlebars' own appends every item to one
 * string, which V8 keeps as a tree of all the pieces every item was made of (hundreds of thousands
 * for 20 000 params) until the file is joined, copied by every garbage collection on the way (a
 * quarter less survives emitting the 20 000-param protocol without it). This one joins every few items
 * into a flat string, so the pieces die young, and appends those: the few hundred of them are copied
 * once, when the file is joined (joining them here too copied every section twice: a third slower).
 */
function each(this: unknown, list: unknown, options: HelperOptions): string {
  if (!Array.isArray(list)) throw new Error(`protogen bug: {{#each}} over ${typeof list}, not an array`);
  if (list.length === 0) return options.inverse(this);
  let joined = '';
  let items: string[] = [];
  for (const item of list) {
    items.push(options.fn(item));
    if (items.length === ITEMS_PER_PIECE) {
      joined += items.join('');
      items = [];
    }
  }
  return joined + items.join('');
}

export const render = templates;

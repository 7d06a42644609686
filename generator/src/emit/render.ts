/**
 * Runs a precompiled template (templates/*.hbs). The escaping helpers are registered here, once:
 * `{{str text}}` for string literals, `{{json value}}` for JSON inside the protocol's template literal,
 * and `{{doc lines indent}}` for JSDoc blocks.
 */
import { env, templates } from '../templates.compiled.js';
import { jsDoc, jsonInTemplate, tsString } from './escape.js';

env.registerHelper('str', (text: unknown) => tsString(String(text)));
env.registerHelper('json', (value: unknown) => jsonInTemplate(value));
env.registerHelper('doc', (lines: unknown, indent: unknown) => jsDoc(lines as string[], typeof indent === 'string' ? indent : ''));

export function render(name: string, view: object): string {
  const template = templates[name];
  if (!template) throw new Error(`no template named ${name}`);
  return template(view);
}

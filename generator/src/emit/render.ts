/**
 * The precompiled templates (templates/*.hbs), each a function of its typed view: `render.driver(view)`
 * takes exactly a `DriverView` (declared at the top of driver.hbs). The escaping helpers are registered
 * here, once: `{{str text}}` for string literals, `{{json value}}` for JSON inside the protocol's
 * template literal, and `{{doc lines indent}}` for JSDoc blocks.
 */
import { env, templates } from '../templates.compiled.js';
import { jsDoc, jsonInTemplate, tsString } from './escape.js';

env.registerHelper('str', (text: unknown) => tsString(String(text)));
env.registerHelper('json', (value: unknown) => jsonInTemplate(value));
env.registerHelper('doc', (lines: unknown, indent: unknown) => jsDoc(lines as string[], typeof indent === 'string' ? indent : ''));

export const render = templates;

// Types of the module generator/scripts/precompile-templates.js writes from templates/*.hbs.
import type { HelperDelegate, TemplateDelegate } from 'handlebars';

export declare const env: {
  registerHelper(name: string, helper: HelperDelegate): void;
};
export declare const templates: Readonly<Record<string, TemplateDelegate>>;

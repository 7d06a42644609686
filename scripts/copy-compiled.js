// tsc does not copy plain .js inputs: put the precompiled templates beside the built generator.
import { copyFileSync } from 'node:fs';

copyFileSync(
  new URL('../generator/templates.compiled.js', import.meta.url),
  new URL('../dist/generator/templates.compiled.js', import.meta.url),
);

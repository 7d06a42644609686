// One measurement in a fresh process, for bench/generation.js (a warmed-up process is unrealistically
// fast: users run the generator once per build).
//
//   node bench/lib/generate-once.js generate <file.xml> [warmRuns]
//     → {"importMs":…,"ms":…,"warm":[…]}   generate() of the file, first call in this process;
//       with warmRuns > 0, two more untimed calls then `warmRuns` timed ones (the warm figure)
//   node bench/lib/generate-once.js parse <file.xml>
//     → {"ms":…}   decoding plus saxes parsing into a minimal tree: the floor any generator pays
//   node bench/lib/generate-once.js scan <file.xml>
//     → {"ms":…}   decoding plus saxes parsing that keeps nothing (no tree): the parser alone
//
// Reading the file is not timed; importing the generator is reported apart.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [mode, file, warmArg = '0'] = process.argv.slice(2);
const bytes = readFileSync(file);

if (mode === 'generate') {
  const importStart = performance.now();
  const { generate } = await import('@protogen-dm/generator');
  const importMs = performance.now() - importStart;
  const input = [{ file, contents: bytes }];
  const start = performance.now();
  const result = generate(input);
  const ms = performance.now() - start;
  if (!result.ok) throw new Error(`${file} does not generate`);
  const warm = [];
  const warmRuns = Number(warmArg);
  if (warmRuns > 0) {
    generate(input);
    generate(input);
    for (let i = 0; i < warmRuns; i++) {
      globalThis.gc?.();
      const t = performance.now();
      generate(input);
      warm.push(performance.now() - t);
    }
  }
  console.log(JSON.stringify({ importMs, ms, warm, bytes: result.files[0].contents.length }));
} else if (mode === 'parse') {
  const { parseWithSaxes } = await import('../parse-xml.js');
  const start = performance.now();
  parseWithSaxes(new TextDecoder().decode(bytes));
  console.log(JSON.stringify({ ms: performance.now() - start }));
} else if (mode === 'scan') {
  const { SaxesParser } = await import('saxes');
  const start = performance.now();
  let elements = 0;
  const parser = new SaxesParser({ position: true });
  parser.on('opentag', () => elements++);
  parser.write(new TextDecoder().decode(bytes)).close();
  console.log(JSON.stringify({ ms: performance.now() - start, elements }));
} else {
  throw new Error(`usage: generate-once.js generate|parse|scan <file.xml> [warmRuns]`);
}

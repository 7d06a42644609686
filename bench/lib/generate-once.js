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
//   node bench/lib/generate-once.js stages <file.xml> [warmRuns]
//     → {"fresh":{"read":…,"check":…,"plan":…,"emit":…},"warm":[{…}…]}   each stage of generate()
//       timed apart (generate.ts runs them in this order), first in this process, then `warmRuns`
//       more after a collection each: where the time goes, and how much of it is V8 warming up
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
} else if (mode === 'stages') {
  const runStages = await stageRunner();
  const fresh = runStages(file, bytes);
  const warm = [];
  for (let i = 0; i < Number(warmArg); i++) {
    globalThis.gc?.();
    warm.push(runStages(file, bytes));
  }
  console.log(JSON.stringify({ fresh, warm }));
} else {
  throw new Error(`usage: generate-once.js generate|parse|scan|stages <file.xml> [warmRuns]`);
}

/**
 * The four stages of generate() over the built generator's own modules (its public API hides them),
 * as a function of (file, bytes) → milliseconds per stage.
 */
async function stageRunner() {
  const dist = new URL('../../generator/dist/', import.meta.url);
  const load = (path) => import(new URL(path, dist).href);
  const [{ readProtocol }, { checkProtocol }, { planProtocol }, { emitFile }, { DiagnosticBag }] = await Promise.all(
    ['read-protocol.js', 'check.js', 'plan.js', 'emit/file.js', 'diagnostics.js'].map(load),
  );
  return (file, bytes) => {
    const ms = {};
    let start = performance.now();
    const lap = (stage) => {
      const now = performance.now();
      ms[stage] = now - start;
      start = now;
    };
    const { model } = readProtocol(file, bytes);
    if (!model) throw new Error(`${file} is not protocol XML`);
    lap('read');
    const diagnostics = new DiagnosticBag(file, model.lines);
    checkProtocol(model, diagnostics);
    if (diagnostics.hasErrors) throw new Error(`${file} has errors`);
    lap('check');
    const plan = planProtocol(model);
    lap('plan');
    emitFile(plan);
    lap('emit');
    return ms;
  };
}

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run the packages' sources; the CLI child processes and the demo run their builds.
    alias: {
      '@protogen-dm/runtime/codec': here('./runtime/src/codec/index.ts'),
      '@protogen-dm/runtime/rules': here('./runtime/src/rules.ts'),
      '@protogen-dm/runtime': here('./runtime/src/index.ts'),
      '@protogen-dm/mock': here('./mock/src/index.ts'),
      '@protogen-dm/generator': here('./generator/src/index.ts'),
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'samples/*/*.test.ts'],
    testTimeout: 20_000,
    // Setup such as a ts-morph project over generated/ takes seconds; on a loaded shared machine more than the default 10 s.
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on a 2-core machine is one worker (cores - 1), and most files wait on child
    // processes, sockets or tsc rather than compute: two workers overlap those waits.
    maxWorkers: 2,
    // The files of a worker share one module graph: each file importing the runtime, the mock and the
    // generator afresh cost about a fifth of the suite's CPU time. No test relies on a fresh module (each
    // file that fakes timers restores them; servers listen on port 0; scratch folders carry the pid).
    isolate: false,
    dangerouslyIgnoreUnhandledErrors: false,
    // .ci/run reads the counts from a JSON report.
    reporters: process.env['PROTOGEN_TEST_RESULTS'] ? ['default', ['json', { outputFile: process.env['PROTOGEN_TEST_RESULTS'] }]] : ['default'],
  },
});

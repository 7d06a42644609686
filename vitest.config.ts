import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      'protogen/runtime': here('./runtime/index.ts'),
      'protogen/mock': here('./mock/index.ts'),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
    dangerouslyIgnoreUnhandledErrors: false,
    // .ci/run reads the counts from a JSON report.
    reporters: process.env['PROTOGEN_TEST_RESULTS'] ? ['default', ['json', { outputFile: process.env['PROTOGEN_TEST_RESULTS'] }]] : ['default'],
  },
});

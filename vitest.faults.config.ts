import { defineConfig } from 'vitest/config';

// The fault suite and the load test (npm run test:faults, docs/reliability.md): apart from
// npm test, one file at a time, so the load figures are not taken while another suite runs.
// The timeouts are hang detectors, as in vitest.config.ts: no test waits on wall-clock time.
const TEN_MINUTES = 10 * 60_000;

export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: TEN_MINUTES,
    hookTimeout: TEN_MINUTES,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});

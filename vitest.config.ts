import { configDefaults, defineConfig } from 'vitest/config';

// A hang detector, not a speed test: a loaded 2-core CI machine may take minutes over what a
// laptop does in seconds, and no test waits on wall-clock time for its answer.
const TEN_MINUTES = 10 * 60_000;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The fault suite and the load test run on their own: npm run test:faults (vitest.faults.config.ts);
    // so do the browser tests: npm run test:browser (vitest.browser.config.ts).
    exclude: [...configDefaults.exclude, 'test/faults/**', 'test/browser/**'],
    testTimeout: TEN_MINUTES,
    hookTimeout: TEN_MINUTES,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});

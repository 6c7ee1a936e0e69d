import { defineConfig } from 'vitest/config';

// A hang detector, not a speed test: a loaded 2-core CI machine may take minutes over what a
// laptop does in seconds, and no test waits on wall-clock time for its answer.
const TEN_MINUTES = 10 * 60_000;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: TEN_MINUTES,
    hookTimeout: TEN_MINUTES,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});

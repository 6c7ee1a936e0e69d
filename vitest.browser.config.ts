import { defineConfig } from 'vitest/config';

// The browser tests (npm run test:browser, docs/web.md): the web app in Debian's Chromium,
// driven by playwright-core. Apart from npm test, one file at a time: each file starts its own
// stack and browser, and two Chromiums at once on a 2-core machine only make both slower.
// The timeouts are hang detectors, as in vitest.config.ts: every step waits on a condition.
const TEN_MINUTES = 10 * 60_000;

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: TEN_MINUTES,
    hookTimeout: TEN_MINUTES,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});

import type { Page } from 'playwright-core';

/**
 * Saves the whole page (1280 px wide) as `docs/screenshots/<name>.png`, only when
 * PLANPULSE_SCREENSHOTS=1: CI does not rewrite the committed set. Regenerate them with
 * `PLANPULSE_SCREENSHOTS=1 npm run test:browser`, then look at them.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.PLANPULSE_SCREENSHOTS !== '1') return;
  await page.screenshot({ path: new URL(`../../docs/screenshots/${name}.png`, import.meta.url).pathname, fullPage: true });
}

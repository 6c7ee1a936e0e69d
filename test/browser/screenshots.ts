import type { Page } from 'playwright-core';
import { VIEWPORT } from './harness.ts';

/**
 * Saves the whole page (1280 px wide) as `docs/screenshots/<name>.png`, only when
 * PLANPULSE_SCREENSHOTS=1: CI does not rewrite the committed set. Regenerate them with
 * `PLANPULSE_SCREENSHOTS=1 npm run test:browser`, then look at them.
 *
 * The page is made as tall as its content and taken as it shows, rather than with playwright's
 * `fullPage`: Chromium's full-page capture leaves a frame blank (the mailbox's email as HTML).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.PLANPULSE_SCREENSHOTS !== '1') return;
  const height = await page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight,
  );
  await page.setViewportSize({ width: VIEWPORT.width, height: Math.max(VIEWPORT.height, height) });
  try {
    await page.screenshot({ path: new URL(`../../docs/screenshots/${name}.png`, import.meta.url).pathname });
  } finally {
    await page.setViewportSize(VIEWPORT);
  }
}

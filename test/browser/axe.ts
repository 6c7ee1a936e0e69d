import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: the rules the "WCAG 2.2 AA" maps to in axe-core. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/**
 * Runs axe-core on the page as it is now and fails listing every violation: its rule id, what
 * to do, and the elements (CSS selectors) it was found on.
 *
 * The app's Content-Security-Policy is `default-src 'none'`, so a `<script>` tag (what
 * `page.addScriptTag` adds) would be refused. `page.evaluate` runs axe through the DevTools
 * protocol instead, which the page's CSP does not govern, so the pages are tested with their
 * real CSP on (no `bypassCSP`): a page that needed something the CSP forbids would show it.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const { axe, document } = globalThis as unknown as { axe: { run(context: unknown, options: object): Promise<AxeResults> }; document: unknown };
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((v) => ({ id: v.id, help: v.help, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, WCAG_TAGS);
  const lines = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    on ${v.targets.join('\n    on ')}`);
  expect(lines, `axe-core violations on ${page.url()}:\n${lines.join('\n')}`).toEqual([]);
}

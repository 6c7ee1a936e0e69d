import type { Page } from 'playwright-core';

/**
 * The little of the DOM these tests read inside the page. The project's tsconfig has no DOM
 * library (the app sends no client code), so functions run in the page by `page.evaluate`
 * take what they need from `globalThis` with this type. They are sent to the browser as
 * source text: they cannot use anything of this module.
 */
export interface InPage {
  document: {
    activeElement: { tagName: string; id: string; className: string; textContent: string | null; matches(selector: string): boolean } | null;
    body: unknown;
  };
}

/**
 * The element with the keyboard focus, in words a failing test can show: `input#username`,
 * `a "Skip to main content"`, `div.error-summary`, `body` when nothing has it.
 */
export const focused = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const { document } = globalThis as unknown as InPage;
    const e = document.activeElement;
    if (!e || e === document.body) return 'body';
    const tag = e.tagName.toLowerCase();
    if (e.id) return `${tag}#${e.id}`;
    if (tag === 'a' || tag === 'button') return `${tag} "${(e.textContent ?? '').trim().replace(/\s+/g, ' ')}"`;
    return e.className ? `${tag}.${e.className.split(' ')[0]}` : tag;
  });

/** Presses Tab until `target` has the focus, at most `max` times; the focus after each press. */
export async function tabTo(page: Page, target: string, max = 40): Promise<string[]> {
  const path: string[] = [];
  while (path.length < max) {
    await page.keyboard.press('Tab');
    path.push(await focused(page));
    if (path.at(-1) === target) return path;
  }
  throw new Error(`${max} presses of Tab never reached ${target}: ${path.join(' → ')}`);
}

/** Waits until the element matching `selector` has the focus (a hang detector's time at most). */
export async function waitForFocusOn(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((s) => (globalThis as unknown as InPage).document.activeElement?.matches(s) === true, selector);
}

import type { Page, Response } from 'playwright-core';
import { sentEmails } from '#adapters/local/ses-local-inbox';
import { fixture, PLAN_ID } from '#support/given';
import type { Role } from '../../shared/web/session.ts';
import { type BrowserWorld, cyclePath } from './harness.ts';

/**
 * Every page of the web app, as someone lands on it: pages.test.ts visits each one, checks its
 * status and heading, runs axe-core on it and takes its screenshot. A new page is one line here.
 * pages.test.ts first sends the cycle's requests and has one reply held, so the mailbox, the
 * tracker and the held replies have something to show.
 */
export interface PageVisit {
  /** The screenshot's name: docs/screenshots/<name>.png. */
  name: string;
  /** Who looks at it; null: signed out. */
  as: Role | null;
  /** The address to open. */
  path?: (w: BrowserWorld) => string | Promise<string>;
  /** Instead of `path`, for a page only a form leads to: gets there as a person would; the page's response. */
  reach?: (page: Page, w: BrowserWorld) => Promise<Response>;
  /** The page's h1 (a pattern when part of it differs from run to run). */
  heading: string | RegExp;
  status?: number;
}

/** The file paths of the small plan the browser tests import (test/fixtures/browser/). */
export const CARE_LEAVERS = {
  plan: fixture('browser/care-leavers-plan.csv').pathname,
  people: fixture('browser/care-leavers-people.csv').pathname,
};

/** The import form filled in and sent: the preview (a dry run, nothing stored). */
async function importPreview(page: Page): Promise<Response> {
  await page.goto('/plans/import');
  await page.getByLabel('Plan id').fill('care-leavers-preview');
  await page.getByLabel('Plan name (optional)').fill('Care Leavers Pledge');
  await page.getByLabel('Plan file').setInputFiles(CARE_LEAVERS.plan);
  await page.getByLabel('People file (optional)').setInputFiles(CARE_LEAVERS.people);
  await page.getByLabel('Coordinator emails').fill('leaving.care@council.example.org');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/plans/import'),
    page.getByRole('button', { name: 'Check the files' }).click(),
  ]);
  await page.waitForLoadState();
  return response;
}

/** The newest update request in the mailbox. */
const aRequestEmail = async (w: BrowserWorld) => {
  const request = (await sentEmails(w.stack.endpoints.ses)).findLast((e) => e.subject.startsWith('Update request:'));
  if (!request) throw new Error('no update request in the mailbox: pages.test.ts sends them first');
  return `/mailbox/${request.messageId}`;
};

export const PAGES: PageVisit[] = [
  { name: 'sign-in', as: null, path: () => '/sign-in', heading: 'Sign in' },
  { name: 'plans', as: 'manager', path: () => '/', heading: 'Plans' },
  { name: 'plan', as: 'coordinator', path: () => `/plans/${PLAN_ID}`, heading: 'Corporate Parenting Promise Action Plan' },
  { name: 'cycle-manager', as: 'manager', path: cyclePath, heading: 'Q1 2026/27' },
  { name: 'cycle-coordinator', as: 'coordinator', path: cyclePath, heading: 'Q1 2026/27' },
  { name: 'not-found', as: 'manager', path: () => '/plans/no-such-plan', heading: 'Page not found', status: 404 },
  { name: 'import-form', as: 'manager', path: () => '/plans/import', heading: 'Import a plan' },
  { name: 'import-preview', as: 'manager', reach: importPreview, heading: 'Check the import of Care Leavers Pledge' },
  { name: 'people', as: 'coordinator', path: () => `/plans/${PLAN_ID}/people`, heading: 'People and delegates' },
  { name: 'cycle-create', as: 'manager', path: () => `/plans/${PLAN_ID}/cycles/new`, heading: 'Create a cycle' },
  { name: 'cycle-cancel', as: 'manager', path: (w) => `${cyclePath(w)}/cancel`, heading: 'Cancel Q1 2026/27' },
  { name: 'held', as: 'coordinator', path: (w) => `${cyclePath(w)}/held`, heading: 'Held replies' },
  { name: 'privacy', as: 'coordinator', path: (w) => `${cyclePath(w)}/privacy`, heading: 'Personal data check' },
  { name: 'reports', as: 'coordinator', path: (w) => `${cyclePath(w)}/reports`, heading: 'Reports' },
  { name: 'audit', as: 'manager', path: () => '/audit', heading: 'Audit log' },
  { name: 'mailbox', as: 'manager', path: () => '/mailbox', heading: 'Mailbox' },
  {
    name: 'mailbox-email',
    as: 'manager',
    path: aRequestEmail,
    heading: /^Update request: Corporate Parenting Promise Action Plan - Q1 2026\/27 \(reply by .+\) \[ref \S+\]$/,
  },
];

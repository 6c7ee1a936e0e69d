import { PLAN_ID } from '#support/given';
import type { Role } from '../../shared/web/session.ts';
import { type BrowserWorld, cyclePath } from './harness.ts';

/**
 * Every page of the web app, as someone lands on it: pages.test.ts visits each one, checks its
 * status and heading, runs axe-core on it and takes its screenshot. A new page is one line here.
 */
export interface PageVisit {
  /** The screenshot's name: docs/screenshots/<name>.png. */
  name: string;
  /** Who looks at it; null: signed out. */
  as: Role | null;
  path: (w: BrowserWorld) => string;
  /** The page's h1. */
  heading: string;
  status?: number;
}

export const PAGES: PageVisit[] = [
  { name: 'sign-in', as: null, path: () => '/sign-in', heading: 'Sign in' },
  { name: 'plans', as: 'manager', path: () => '/', heading: 'Plans' },
  { name: 'plan', as: 'coordinator', path: () => `/plans/${PLAN_ID}`, heading: 'Corporate Parenting Promise Action Plan' },
  { name: 'cycle-manager', as: 'manager', path: cyclePath, heading: 'Q1 2026/27' },
  { name: 'cycle-coordinator', as: 'coordinator', path: cyclePath, heading: 'Q1 2026/27' },
  { name: 'not-found', as: 'manager', path: () => '/plans/no-such-plan', heading: 'Page not found', status: 404 },
];

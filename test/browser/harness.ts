import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { StoredEmail } from '#adapters/local/ses-local-inbox';
import type { Cycle } from '#domain/model';
import type { ScriptedAnswer } from '#local/scripted-replies';
import { deliverOverSmtp, givenACycle, givenAStackWithThePlan, PLAN_ID, replyTo, type TestStack } from '#support/given';
import { createWebApp } from '../../shared/web/app.ts';
import type { Role } from '../../shared/web/session.ts';

/** Debian's Chromium (scripts/ensure-chromium.sh installs it); playwright-core never downloads one. */
const CHROMIUM = '/usr/bin/chromium';

/** The flags that work on these machines (../shared/docs/stack-notes.md): no sandbox, GPU or background traffic. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/**
 * How long one browser step (a navigation, a click, waiting for an element) may take. A hang
 * detector, like vitest's timeouts: every step waits on a condition, and a loaded 2-core
 * machine may be many times slower than a laptop.
 */
const STEP_TIMEOUT = 2 * 60_000;

/** The screenshots' width (docs/screenshots/); pages are taken whole, whatever their height. */
export const VIEWPORT = { width: 1280, height: 800 };

export const USERS = [
  { username: 'manager', password: 'manager-browser-pass', role: 'manager' as const },
  { username: 'coordinator', password: 'coordinator-browser-pass', role: 'coordinator' as const },
];

export interface BrowserWorld {
  stack: TestStack;
  cycle: Cycle;
  /** Where the web app listens, without a trailing slash: `http://127.0.0.1:PORT`. */
  baseUrl: string;
  browser: Browser;
  /** A new page in a fresh browser context (no cookies). */
  signedOut(): Promise<Page>;
  /** A new page in a fresh context, signed in through the sign-in form, standing on the plans page. */
  signedInAs(role: Role): Promise<Page>;
  /** Closes the browser, the web server and the stack. */
  close(): Promise<void>;
}

export const cyclePath = (w: BrowserWorld) => `/plans/${PLAN_ID}/cycles/${encodeURIComponent(w.cycle.id)}`;

/**
 * "Time passes": the stack's clock jumps to `at` and the local scheduler fires every milestone
 * due by then, as the scheduler `npm start` runs does once its clock gets there. Resolves when
 * they have run (the emails are in the local SES).
 */
export async function whenTheClockReaches(w: BrowserWorld, at: string): Promise<void> {
  w.stack.clock.advanceTo(new Date(at));
  await w.stack.scheduler.tick();
}

/**
 * Someone other than its owner answers an update request: a reply from `sender`, delivered to the
 * stack's SMTP server as their mail server would. The server answers once the reply is ingested,
 * so when this resolves the reply is held.
 */
export async function whenSomeoneElseReplies(w: BrowserWorld, request: StoredEmail, sender: string, answers: Record<string, ScriptedAnswer>): Promise<void> {
  const asSender = { ...request, destination: { ...request.destination, to: [sender] } };
  const raw = await replyTo(asSender, answers, `<${randomUUID()}@mail.example.org>`);
  await deliverOverSmtp(w.stack, raw, request.replyTo[0]!, sender);
}

/** Installs Chromium when it is missing (or says what to run), before anything is started. */
function ensureChromium(): void {
  execFileSync('bash', [new URL('../../scripts/ensure-chromium.sh', import.meta.url).pathname, CHROMIUM], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * A private embedded stack (in-memory dynalite, local SES, SMTP) with the Nottingham plan and
 * one cycle, the web app over it on 127.0.0.1 and a free port, and Debian's Chromium. Call
 * `close()` in afterAll: it stops all three, even when starting one of them failed half-way.
 */
export async function givenTheAppInABrowser(): Promise<BrowserWorld> {
  ensureChromium();
  const stack = await givenAStackWithThePlan(new Date('2026-04-20T08:00:00Z'));
  let server: ServerType | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await stack.stop();
  };
  try {
    const cycle = await givenACycle(stack);
    // With the local mailbox, as `npm start` has it (shared/local/start.ts): its emails, and replies over the stack's SMTP server.
    const app = createWebApp(stack.deps, {
      users: USERS,
      secret: 'browser-test-secret-of-the-web-app',
      mailbox: { sesEndpoint: stack.endpoints.ses, smtpPort: stack.endpoints.smtpPort! },
    });
    const port = await new Promise<number>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(info.port));
      s.once('error', reject);
      server = s;
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 2 * STEP_TIMEOUT });
    const baseUrl = `http://127.0.0.1:${port}`;
    const newPage = async () => {
      const context = await browser!.newContext({ baseURL: baseUrl, viewport: VIEWPORT, locale: 'en-GB', timezoneId: 'Europe/London' });
      context.setDefaultTimeout(STEP_TIMEOUT);
      context.setDefaultNavigationTimeout(STEP_TIMEOUT);
      return context.newPage();
    };
    const signedInAs = async (role: Role) => {
      const user = USERS.find((u) => u.role === role)!;
      const page = await newPage();
      await page.goto('/sign-in');
      await page.getByLabel('Username').fill(user.username);
      await page.getByLabel('Password').fill(user.password);
      await Promise.all([page.waitForURL(`${baseUrl}/`), page.getByRole('button', { name: 'Sign in' }).click()]);
      return page;
    };
    return { stack, cycle, baseUrl, browser, signedOut: newPage, signedInAs, close };
  } catch (e) {
    await close();
    throw e;
  }
}

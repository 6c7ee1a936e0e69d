import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentEmails } from '#adapters/local/ses-local-inbox';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A port nobody is listening on. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let home: string;
let child: ChildProcess;
let output = '';
let ports: { dynamo: number; ses: number; smtp: number };

/** Rejects as soon as the child exits: a stack that died is never waited for. */
let exited: Promise<never>;

/** Resolves when the output shows `text`; the child's own output events drive it, no polling. */
function outputShows(text: string): Promise<void> {
  if (output.includes(text)) return Promise.resolve();
  const shown = new Promise<void>((resolve) => {
    const check = () => {
      if (!output.includes(text)) return;
      child.stdout?.off('data', check);
      resolve();
    };
    child.stdout?.on('data', check);
  });
  return Promise.race([shown, exited]);
}

/**
 * Resolves when the local SES holds some email. The SES stand-in tells nobody when mail
 * arrives, so this asks it again after each answer: a condition, not a guess of how long
 * the milestone takes (vitest's hang ceiling stops a stack that never sends).
 */
async function inboxHasMail(ses: string): Promise<void> {
  for (;;) {
    const found = await Promise.race([sentEmails(ses).catch(() => []), exited]);
    if (found.length > 0) return;
    await Promise.race([new Promise((r) => setTimeout(r, 200)), exited]);
  }
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'planpulse-start-'));
  ports = { dynamo: await freePort(), ses: await freePort(), smtp: await freePort() };
  // What `npm start` runs, on private ports and a private data folder.
  child = spawn(join(root, 'node_modules/.bin/tsx'), ['shared/local/start.ts', '--opens-in', '2'], {
    cwd: root,
    env: {
      ...process.env,
      PLANPULSE_HOME: home,
      PLANPULSE_DYNAMODB_PORT: String(ports.dynamo),
      PLANPULSE_SES_PORT: String(ports.ses),
      PLANPULSE_SMTP_PORT: String(ports.smtp),
    },
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`npm start exited (${code}); output:\n${output}`))));
  exited.catch(() => {});
});

afterAll(async () => {
  const gone = new Promise((r) => child.once('exit', r));
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    await gone;
  }
  await rm(home, { recursive: true, force: true });
});

describe('npm start', () => {
  it('loads the sample plan, says where to look, and the forms reach the local inbox', async () => {
    await outputShows('PlanPulse is running locally.');
    await inboxHasMail(`http://127.0.0.1:${ports.ses}`);

    const emails = await sentEmails(`http://127.0.0.1:${ports.ses}`);
    expect(output).toContain('Loaded the sample plan "Corporate Parenting Promise Action Plan" (36 actions).');
    expect(output).toContain(`Inbox (every email sent):  http://localhost:${ports.ses}/`);
    expect(output).toContain(`127.0.0.1:${ports.smtp}`);
    expect(output).toContain('npm run --silent planpulse -- reply <file.eml>');
    expect(emails.every((e) => e.subject.startsWith('Update request'))).toBe(true);
    expect(JSON.parse(await readFile(join(home, 'runtime.json'), 'utf8'))).toMatchObject({ smtpPort: ports.smtp, ses: `http://127.0.0.1:${ports.ses}` });
  });
});

import { readFileSync } from 'node:fs';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, idToken, poolJwks } from '#support/cognito';
import { fixture, givenAStackWithThePlan, type TestStack } from '#support/given';
import {
  answerJwks,
  HOST,
  JWKS_URL,
  type LambdaResult,
  lambdaContext,
  lambdaEvent,
  MAIL_BUCKET,
  multipart,
  type WebHandler,
  webLambda,
} from '#support/web-lambda';

// A plan imported through the deployed stack's web function: the real handler with API
// Gateway HTTP API events (bodies base64-encoded), against dynalite. What cannot run here is
// mocked at its edge: Cognito's InitiateAuth (aws-sdk-client-mock), the pool's JWKS (the
// verifier's one HTTPS GET, answered with the test key's JWKS) and S3, the blob store in AWS
// (an in-memory object map behind aws-sdk-client-mock; any other S3 command fails the test).
const cognito = mockClient(CognitoIdentityProviderClient);
const s3 = mockClient(S3Client);
const objects = new Map<string, { body: Buffer; contentType: string | undefined }>();

const WORKBOOK = readFileSync(fixture('plans/nottinghamshire-cla-2012.xlsx'));
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// Made up, as in test/unit/owners.test.ts: some of the workbook's owners, and not Izzy Martin.
const PEOPLE = Buffer.from(
  [
    'Name,Title/Post,Email',
    'Rachel Coombs,Group Manager,rachel.coombs@notts.example.org',
    'Dawn Godfrey,Participation Officer,dawn.godfrey@notts.example.org',
    'Sue Denholm,Virtual School,sue.denholm@notts.example.org',
    'Sue Hollingworth Shaw,Service Manager,sue.hollingworth-shaw@notts.example.org',
    'Denise Martin,Placements Service,denise.martin@notts.example.org',
    '',
  ].join('\n'),
);
const COORDINATOR_EMAIL = 'lac.support@notts.example.org';

let stack: TestStack;
let handler: WebHandler;
let jwks: ReturnType<typeof answerJwks>;

beforeAll(async () => {
  s3.onAnyCommand().rejects(new Error('the web function sent an S3 command this test does not expect'));
  s3.on(PutObjectCommand).callsFake(async (input: { Key: string; Body: Buffer | string; ContentType?: string }) => {
    objects.set(input.Key, { body: Buffer.from(input.Body), contentType: input.ContentType });
    return {};
  });
  s3.on(GetObjectCommand).callsFake(async (input: { Key: string }) => {
    const object = objects.get(input.Key);
    if (!object) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    // The one method of the SDK's stream body that S3BlobStore reads.
    return { Body: { transformToByteArray: async () => new Uint8Array(object.body) }, ContentType: object.contentType };
  });
  jwks = answerJwks(poolJwks);
  stack = await givenAStackWithThePlan(new Date('2026-04-20T08:00:00Z'));
  handler = await webLambda(stack);
});
beforeEach(() => {
  s3.resetHistory();
  cognito.reset();
});
afterAll(async () => {
  jwks?.restore();
  cognito.restore();
  s3.restore();
  await stack?.stop();
});

/** A browser's cookies for the API's address: set, replaced and deleted as the responses say. */
class Browser {
  private readonly jar = new Map<string, string>();

  async send(method: string, path: string, options: { body?: Buffer; contentType?: string } = {}): Promise<LambdaResult> {
    const headers: Record<string, string> = method === 'POST' ? { origin: `https://${HOST}` } : {};
    if (options.contentType) headers['content-type'] = options.contentType;
    const [rawPath, query = ''] = path.split('?');
    const event = {
      ...lambdaEvent(method, rawPath!, { headers, cookies: [...this.jar].map(([k, v]) => `${k}=${v}`), body: options.body }),
      rawQueryString: query,
    };
    const res = await handler(event, lambdaContext);
    for (const cookie of res.cookies ?? []) {
      const [pair = '', ...attributes] = cookie.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (attributes.some((a) => /^\s*max-age=0$/i.test(a))) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  get = (path: string) => this.send('GET', path);
  /** A plain form as a browser posts it (urlencoded; API Gateway base64-encodes it too). */
  post = (path: string, form: Record<string, string>) =>
    this.send('POST', path, { body: Buffer.from(new URLSearchParams(form).toString()), contentType: 'application/x-www-form-urlencoded' });
}

const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1];
const uploadIdIn = (html: string) => /name="upload" value="([0-9a-f]{32})"/.exec(html)?.[1];
/** The owner choices of a preview: owner text → its select's name. */
const ownerFieldsIn = (html: string) => new Map([...html.matchAll(/name="ownerText-(\d+)" value="([^"]*)"/g)].map((m) => [m[2]!, `owner-${m[1]}`]));
/** Every hidden owner text of a preview, as a browser sends them back. */
const ownerTextsIn = (html: string) => Object.fromEntries([...html.matchAll(/name="(ownerText-\d+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));

/** Signs in through the form, Cognito answering with an ID token carrying these claims; the browser and its session's CSRF token. */
async function signIn(typed: string, claims: Record<string, unknown>) {
  cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: { IdToken: idToken(claims), TokenType: 'Bearer', ExpiresIn: 3600 } });
  const browser = new Browser();
  const page = await browser.get('/sign-in');
  const res = await browser.post('/sign-in', { csrf: csrfIn(page.body)!, username: typed, password: 'A-long-Passw0rd!' });
  expect(res.statusCode).toBe(303);
  expect(cognito.commandCalls(InitiateAuthCommand).map((c) => c.args[0].input)).toEqual([
    { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: typed, PASSWORD: 'A-long-Passw0rd!' } },
  ]);
  const home = await browser.get('/');
  expect(home.statusCode).toBe(200);
  return { browser, csrf: csrfIn(home.body)! };
}

/** The import form with a workbook and a people file, as the browser sends it (multipart). */
const importForm = (csrf: string, planId: string) =>
  multipart(
    { csrf, planId, name: 'Looked After Children 2012', coordinators: COORDINATOR_EMAIL, chairs: '', sheet: '' },
    {
      planFile: { name: 'nottinghamshire-cla-2012.xlsx', type: XLSX_TYPE, content: WORKBOOK },
      peopleFile: { name: 'people.csv', type: 'text/csv', content: PEOPLE },
    },
  );

const putsOf = () =>
  s3.commandCalls(PutObjectCommand).map((c) => ({ Bucket: c.args[0].input.Bucket, Key: c.args[0].input.Key, ContentType: c.args[0].input.ContentType }));
const importsOf = async (planId: string) => (await stack.deps.store.listAudit({ planId })).filter((e) => e.action === 'plan.import');

describe('importing a plan through the web Lambda', () => {
  it('a manager signed in with Cognito previews a workbook, chooses an owner and commits; the plan is stored, staged in S3 under uploads/, audited by their Cognito name', async () => {
    // Sign in: typed as an email, the token's cognito:username is who they are.
    const { browser, csrf } = await signIn('Rachel.Coombs@notts.example.org', { 'cognito:username': 'rcoombs', 'cognito:groups': ['managers'] });
    // The verifier fetched the pool's keys, once.
    expect(jwks.requests).toEqual([JWKS_URL]);

    // The form
    const formPage = await browser.get('/plans/import');
    expect(formPage.statusCode).toBe(200);
    expect(formPage.body).toContain('enctype="multipart/form-data"');

    // The preview: a dry run, the files staged in S3
    const form = importForm(csrf, 'notts-2012');
    const preview = await browser.send('POST', '/plans/import', { body: form.body, contentType: form.contentType });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Nothing is stored yet');
    expect(preview.body).toContain('43 actions in 7 themes');
    expect(preview.body).toMatch(/<td>nottinghamshire-cla-2012.xlsx<\/td><td>5<\/td><td>Ref 2 appears again \(first on row 4\)/);
    expect(preview.body).toMatch(/<th scope="row">Izzy Martin<\/th><td><div>Owner, rows 3, 4, 5, 8<\/div><\/td><td>Matches nobody in the people file/);
    expect(await stack.deps.store.getPlan('notts-2012')).toBeNull();
    const id = uploadIdIn(preview.body)!;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(putsOf()).toEqual([
      { Bucket: MAIL_BUCKET, Key: `uploads/${id}/plan`, ContentType: 'application/octet-stream' },
      { Bucket: MAIL_BUCKET, Key: `uploads/${id}/people`, ContentType: 'application/octet-stream' },
      { Bucket: MAIL_BUCKET, Key: `uploads/${id}/manifest.json`, ContentType: 'application/json' },
    ]);
    // The workbook reached S3 byte for byte, through base64 and the multipart parser.
    expect(objects.get(`uploads/${id}/plan`)?.body.equals(WORKBOOK)).toBe(true);
    expect(objects.get(`uploads/${id}/people`)?.body.equals(PEOPLE)).toBe(true);
    expect(JSON.parse(objects.get(`uploads/${id}/manifest.json`)!.body.toString('utf8'))).toMatchObject({
      username: 'rcoombs',
      planId: 'notts-2012',
      planFile: 'nottinghamshire-cla-2012.xlsx',
      peopleFile: 'people.csv',
    });
    const izzy = ownerFieldsIn(preview.body).get('Izzy Martin')!;
    expect(preview.body).toMatch(new RegExp(`<select id="${izzy}" name="${izzy}">.*?<option value="dawn-godfrey">Dawn Godfrey`, 's'));

    // The commit, with Dawn Godfrey for Izzy Martin
    s3.resetHistory();
    const committed = await browser.post('/plans/import/confirm', { csrf, upload: id, ...ownerTextsIn(preview.body), [izzy]: 'dawn-godfrey', step: 'commit' });
    expect(committed.statusCode).toBe(303);
    expect(committed.headers?.location).toBe('/plans/notts-2012?imported=1');
    expect(new Set(s3.commandCalls(GetObjectCommand).map((c) => `${c.args[0].input.Bucket}/${c.args[0].input.Key}`))).toEqual(
      new Set([`${MAIL_BUCKET}/uploads/${id}/manifest.json`, `${MAIL_BUCKET}/uploads/${id}/plan`, `${MAIL_BUCKET}/uploads/${id}/people`]),
    );
    expect(s3.commandCalls(PutObjectCommand)).toEqual([]);

    // In the store: the plan, its actions, the chosen owner, and who imported it
    const plan = await stack.deps.store.getPlan('notts-2012');
    expect(plan).toMatchObject({ name: 'Looked After Children 2012', coordinators: [COORDINATOR_EMAIL] });
    const actions = await stack.deps.store.getActions('notts-2012');
    expect(actions).toHaveLength(43);
    const izzys = actions.filter((a) => a.ownerText?.includes('Izzy Martin'));
    expect(izzys.length).toBeGreaterThan(0);
    for (const a of izzys) expect(a.owners).toContain('dawn-godfrey');
    expect((await stack.deps.store.getPeople('notts-2012')).map((p) => p.name)).toContain('Dawn Godfrey');
    const entries = await importsOf('notts-2012');
    expect(entries.map((e) => e.actor)).toEqual(['rcoombs']);
    expect(entries[0]!.summary).toContain('nottinghamshire-cla-2012.xlsx: 43 actions');
    const page = await browser.get(committed.headers!.location!);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Plan imported');
  });

  it('a coordinator signed in with Cognito gets a 403 page for the import, and nothing is staged or stored', async () => {
    const { browser, csrf } = await signIn('kim.lee', { 'cognito:username': 'kim.lee', 'cognito:groups': ['coordinators'] });
    // The pool's keys, fetched at most once per cold start, whichever sign-in came first.
    expect(jwks.requests).toEqual([JWKS_URL]);
    const form = importForm(csrf, 'notts-by-coordinator');

    const res = await browser.send('POST', '/plans/import', { body: form.body, contentType: form.contentType });

    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Only a manager can import a plan');
    expect(s3.calls()).toEqual([]);
    expect(await stack.deps.store.getPlan('notts-by-coordinator')).toBeNull();
    expect(await importsOf('notts-by-coordinator')).toEqual([]);
  });
});

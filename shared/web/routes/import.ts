import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ZodError } from 'zod';
import * as z from 'zod';
import { UserError } from '#domain/errors';
import { Slug } from '#domain/model';
import { type ImportPlanInput, type ImportPlanResult, importJson, importPlan } from '#use-cases/import-plan';
import { problem, refuseUnless, type Routes, type WebContext } from '../http.ts';
import { type ImportFormValues, ImportFormPage, ImportPreviewPage, type OwnerToChoose } from '../import-pages.tsx';
import { type FieldError, ProblemPage } from '../layout.tsx';

/** The largest request the app takes: a plan and a people file together. */
const MAX_UPLOAD_MB = 10;

/** Refuses a request body over 10 MB before anything reads it, with a page saying what to do. */
export const uploadLimit = bodyLimit({
  maxSize: MAX_UPLOAD_MB * 1024 * 1024,
  onError: (c: Context) =>
    c.html(
      ProblemPage({
        title: 'The files are too big',
        message: `PlanPulse takes up to ${MAX_UPLOAD_MB} MB at a time. Save the plan without pictures or unused sheets, or as a .csv file, and try again.`,
        session: null,
      }),
      413,
    ),
});

/** How long staged files wait for their commit: a working day, as long as a session. */
const STAGED_HOURS = 8;

const UploadId = z.string().regex(/^[0-9a-f]{32}$/, 'not an import of this app');

/** What is kept in the blob store between the preview and the commit, bound to who uploaded it. */
const Manifest = z.object({
  username: z.string().min(1),
  createdAt: z.string(),
  planId: Slug,
  name: z.string().optional(),
  coordinators: z.array(z.string()),
  chairs: z.array(z.string()),
  sheet: z.string().optional(),
  planFile: z.string().min(1),
  peopleFile: z.string().min(1).optional(),
});
type Manifest = z.infer<typeof Manifest>;

const blobKey = (id: string, part: 'manifest.json' | 'plan' | 'people') => `uploads/${id}/${part}`;

/** A list of emails typed into one box, separated by commas, semicolons, spaces or lines. */
const emailList = (what: string) =>
  z.string().transform((text, ctx) => {
    const emails = text.split(/[\s,;]+/).filter(Boolean);
    for (const e of emails) {
      if (!z.string().email().safeParse(e).success)
        ctx.addIssue({ code: 'custom', message: `“${e}” is not an email address: write ${what} like name@council.gov.uk` });
    }
    return emails;
  });

/** The text fields of the import form, as the importer's own schema wants them. */
const ImportForm = z.object({
  planId: z.string().trim().min(1, 'Enter a plan id, for example nottingham-2011').pipe(Slug),
  name: z
    .string()
    .trim()
    .max(200, 'The plan name must be 200 characters or fewer')
    .transform((s) => s || undefined),
  coordinators: emailList('each coordinator'),
  chairs: emailList('each chair'),
  sheet: z
    .string()
    .trim()
    .max(100, 'The sheet name must be 100 characters or fewer')
    .transform((s) => s || undefined),
});

/** The owners chosen on the preview: `ownerText-N` (the owner as written) and `owner-N` (a person key, or empty). */
const OwnerChoices = z
  .array(z.object({ text: z.string().trim().min(1).max(500), key: z.string().trim().max(100) }))
  .max(2000)
  .transform((choices) => Object.fromEntries(choices.filter((c) => c.key !== '').map((c) => [c.text, c.key])));

function ownerChoicesOf(form: Record<string, string>): Record<string, string> {
  const choices = Object.keys(form)
    .map((k) => /^ownerText-(\d+)$/.exec(k)?.[1])
    .filter((n): n is string => n !== undefined)
    .map((n) => ({ text: form[`ownerText-${n}`] ?? '', key: form[`owner-${n}`] ?? '' }));
  return OwnerChoices.parse(choices);
}

/** Which field of the form an importer message is about. */
const FORM_FIELDS: Record<string, string> = {
  planId: 'planId',
  name: 'name',
  plan: 'planFile',
  people: 'peopleFile',
  coordinators: 'coordinators',
  chairs: 'chairs',
  sheet: 'sheet',
  owners: 'owners',
};

/** The importer's refusal as the form's messages: a zod issue by its field, a file's problem by that file. */
function importErrors(e: UserError | ZodError, files: { plan: string; people?: string }): FieldError[] {
  if (e instanceof ZodError) {
    return e.issues.map((i) => ({
      field: FORM_FIELDS[String(i.path[0] ?? '')] ?? null,
      message: `${i.path.length ? `${String(i.path[0])}: ` : ''}${i.message}`,
    }));
  }
  let field = e.field ? (FORM_FIELDS[e.field] ?? null) : null;
  if (!field || field === 'planFile') {
    if (/ has no sheet named /.test(e.message)) field = 'sheet';
    else if (files.people && e.message.startsWith(files.people) && !e.message.startsWith(files.plan)) field = 'peopleFile';
    else if (e.field !== 'owners') field = 'planFile';
  }
  return [{ field, message: e.message }];
}

/** A form file input: its name and bytes, or null when none was chosen. */
async function fileOf(value: unknown): Promise<{ fileName: string; content: Buffer } | null> {
  if (!(value instanceof File) || value.name === '') return null;
  return { fileName: value.name.split(/[\\/]/).pop() ?? value.name, content: Buffer.from(await value.arrayBuffer()) };
}

const REASONS: Record<ImportPlanResult['unresolvedOwners'][number]['reason'], string> = {
  unknown: 'Matches nobody in the people file',
  ambiguous: 'Could be more than one person',
  'no-email': 'The person has no email address',
};

/** The owners to choose for, from a dry run without choices: each owner text once, with every place it is written. */
function ownersToChoose(needs: ImportPlanResult, result: ImportPlanResult): OwnerToChoose[] {
  const byText = new Map<string, OwnerToChoose>();
  const stillNoEmail = new Set(result.unresolvedOwners.filter((u) => u.reason === 'no-email').map((u) => u.owner));
  for (const u of needs.unresolvedOwners) {
    const rows = `row${u.rows.length === 1 ? '' : 's'} ${u.rows.join(', ')}`;
    const where = `${u.field === 'outcomeOwner' ? 'Outcome owner' : 'Owner'}, ${rows}`;
    const known = byText.get(u.owner);
    if (known) {
      known.where.push(where);
      continue;
    }
    const chosen = Object.entries(result.chosenOwners).find(([t]) => t === u.owner)?.[1] ?? null;
    const person = chosen ? result.people.find((p) => p.key === chosen) : undefined;
    byText.set(u.owner, {
      text: u.owner,
      where: [where],
      why: u.reason === 'ambiguous' ? `${REASONS.ambiguous}: ${u.candidates.join(', ')}` : REASONS[u.reason],
      candidates: u.candidates,
      chosen: person?.key ?? null,
      chosenNote: person && stillNoEmail.has(u.owner) ? `${person.name} has no email address: nobody can be asked for these actions.` : null,
    });
  }
  return [...byText.values()];
}

/**
 * Importing a plan in the browser (managers only), with the same importer as the CLI:
 * 1. the form  2. POST: a dry run; the files are staged in the blob store under a random id
 * bound to the user; the preview shows themes, warnings, the diff and the owners to choose
 * 3. POST confirm: a dry run again with the chosen owners, or the import itself.
 */
export const importRoutes: Routes = (app, deps) => {
  const managersOnly = (c: WebContext) =>
    refuseUnless(c, ['manager'], 'You cannot import plans', 'Only a manager can import a plan. Ask a manager to import it for you.');

  const emptyForm: ImportFormValues = { planId: '', name: '', coordinators: '', chairs: '', sheet: '' };

  async function reimportOf(planId: string) {
    const plan = planId && Slug.safeParse(planId).success ? await deps.store.getPlan(planId) : null;
    return plan ? { id: plan.id, name: plan.name } : null;
  }

  app.get('/plans/import', async (c) => {
    const refused = managersOnly(c);
    if (refused) return refused;
    const of = await reimportOf(c.req.query('plan') ?? '');
    return c.html(ImportFormPage({ session: c.get('session'), values: { ...emptyForm, planId: of?.id ?? '' }, errors: [], reimportOf: of }));
  });

  app.post('/plans/import', async (c) => {
    const refused = managersOnly(c);
    if (refused) return refused;
    // Hono keeps the body it parsed for the CSRF check: this reads the files from it.
    const body = await c.req.parseBody();
    const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const values: ImportFormValues = {
      planId: text('planId'),
      name: text('name'),
      coordinators: text('coordinators'),
      chairs: text('chairs'),
      sheet: text('sheet'),
    };
    const formPage = async (errors: FieldError[]) =>
      c.html(ImportFormPage({ session: c.get('session'), values, errors, reimportOf: await reimportOf(values.planId.trim()) }), 400);

    const errors: FieldError[] = [];
    const parsed = ImportForm.safeParse(values);
    if (!parsed.success) for (const i of parsed.error.issues) errors.push({ field: String(i.path[0]), message: i.message });
    const planFile = await fileOf(body.planFile);
    const peopleFile = await fileOf(body.peopleFile);
    if (!planFile) errors.push({ field: 'planFile', message: 'Choose the plan file (.xlsx, .csv or .tsv)' });
    if (errors.length || !parsed.success || !planFile) return formPage(errors);

    const form = parsed.data;
    const input = {
      planId: form.planId,
      name: form.name,
      plan: planFile,
      people: peopleFile ?? undefined,
      coordinators: form.coordinators,
      chairs: form.chairs,
      sheet: form.sheet,
    };
    let result: ImportPlanResult;
    try {
      result = await importPlan({ ...input, dryRun: true, actor: c.get('session').username }, deps);
    } catch (e) {
      if (e instanceof UserError || e instanceof ZodError) return formPage(importErrors(e, { plan: planFile.fileName, people: peopleFile?.fileName }));
      throw e;
    }
    if (result.plan.coordinators.length === 0) {
      return formPage([{ field: 'coordinators', message: 'Enter at least one coordinator email: reports and escalations go to them' }]);
    }

    const id = randomBytes(16).toString('hex');
    const manifest: Manifest = {
      username: c.get('session').username,
      createdAt: deps.clock.now().toISOString(),
      planId: form.planId,
      name: form.name,
      coordinators: form.coordinators,
      chairs: form.chairs,
      sheet: form.sheet,
      planFile: planFile.fileName,
      peopleFile: peopleFile?.fileName,
    };
    await deps.blobs.put(blobKey(id, 'plan'), planFile.content, 'application/octet-stream');
    if (peopleFile) await deps.blobs.put(blobKey(id, 'people'), peopleFile.content, 'application/octet-stream');
    // The manifest last: an upload is there only once its files are.
    await deps.blobs.put(blobKey(id, 'manifest.json'), JSON.stringify(manifest), 'application/json');
    return previewPage(c, id, manifest, result, result, []);
  });

  /** The staged import of this id, if it is the signed-in user's and not too old; else the page saying why not. */
  async function staged(c: WebContext): Promise<{ id: string; manifest: Manifest; input: ImportPlanInput } | Response> {
    const id = UploadId.safeParse(c.get('form').upload ?? '');
    const gone = () =>
      problem(c, 404, 'This import is no longer available', `Imports wait ${STAGED_HOURS} hours for their commit. Start again and choose the files again.`);
    if (!id.success) return gone();
    const raw = await deps.blobs.get(blobKey(id.data, 'manifest.json'));
    if (!raw) return gone();
    const manifest = Manifest.parse(JSON.parse(raw.toString('utf8')));
    if (manifest.username !== c.get('session').username) {
      return problem(c, 403, 'This import is not yours', 'Another user checked these files. Start the import again yourself and choose the files again.');
    }
    if (deps.clock.now().getTime() - Date.parse(manifest.createdAt) > STAGED_HOURS * 3600_000) return gone();
    const plan = await deps.blobs.get(blobKey(id.data, 'plan'));
    const people = manifest.peopleFile ? await deps.blobs.get(blobKey(id.data, 'people')) : null;
    if (!plan || (manifest.peopleFile && !people)) return gone();
    return {
      id: id.data,
      manifest,
      input: {
        planId: manifest.planId,
        name: manifest.name,
        plan: { fileName: manifest.planFile, content: plan },
        people: manifest.peopleFile && people ? { fileName: manifest.peopleFile, content: people } : undefined,
        coordinators: manifest.coordinators,
        chairs: manifest.chairs,
        sheet: manifest.sheet,
        actor: c.get('session').username,
      },
    };
  }

  async function previewPage(c: WebContext, uploadId: string, manifest: Manifest, needs: ImportPlanResult, result: ImportPlanResult, errors: FieldError[]) {
    const people = [...result.people].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
    return c.html(
      ImportPreviewPage({
        session: c.get('session'),
        uploadId,
        planId: result.plan.id,
        planName: result.plan.name,
        files: [manifest.planFile, ...(manifest.peopleFile ? [manifest.peopleFile] : [])],
        coordinators: result.plan.coordinators,
        chairs: result.plan.chairs ?? [],
        reimport: Boolean(await deps.store.getPlan(result.plan.id)),
        themes: importJson(result).themes,
        total: result.actions.length,
        changes: result.changes,
        warnings: result.warnings,
        owners: ownersToChoose(needs, result),
        people,
        unreachable: result.unreachableActions,
        errors,
      }),
      errors.length ? 400 : 200,
    );
  }

  app.post('/plans/import/confirm', async (c) => {
    const refused = managersOnly(c);
    if (refused) return refused;
    const found = await staged(c);
    if (found instanceof Response) return found;
    const { id, manifest, input } = found;
    const form = c.get('form');
    const owners = ownerChoicesOf(form);
    const dryRun = (more: Partial<ImportPlanInput>) => importPlan({ ...input, ...more, dryRun: true }, deps);
    const needs = await dryRun({});
    try {
      if (form.step === 'commit') {
        const stored = await importPlan({ ...input, owners, dryRun: false }, deps);
        return c.redirect(`/plans/${encodeURIComponent(stored.plan.id)}?imported=1`, 303);
      }
      return previewPage(c, id, manifest, needs, await dryRun({ owners }), []);
    } catch (e) {
      if (e instanceof UserError || e instanceof ZodError) {
        return previewPage(c, id, manifest, needs, needs, importErrors(e, { plan: manifest.planFile, people: manifest.peopleFile }));
      }
      throw e;
    }
  });
};

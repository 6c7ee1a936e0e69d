/** @jsxImportSource hono/jsx */
import type { Person } from '#domain/model';
import type { PlanChanges } from '#use-cases/import-plan';
import { CsrfField, ErrorSummary, type FieldError, Layout, sentence, Breadcrumbs } from './layout.tsx';
import type { Session } from './session.ts';

/** GOV.UK's visually hidden text: read by screen readers, not shown. */
export const HIDDEN =
  'position:absolute;width:1px;height:1px;margin:0;padding:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);border:0;white-space:nowrap';

/** A form field's label, hint, error and input, tied together for screen readers. */
export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  errors: FieldError[];
  value?: string;
  type?: 'text' | 'file';
  accept?: string;
  autocomplete?: string;
}) {
  const error = props.errors.find((e) => e.field === props.id)?.message;
  const described = [props.hint ? `${props.id}-hint` : null, error ? `${props.id}-error` : null].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {error ? (
        <span class="error-message" id={`${props.id}-error`}>
          <span style={HIDDEN}>Error: </span>
          {sentence(error)}
        </span>
      ) : null}
      <input
        type={props.type ?? 'text'}
        id={props.id}
        name={props.id}
        value={props.type === 'file' ? undefined : (props.value ?? '')}
        accept={props.accept}
        autocomplete={props.autocomplete}
        spellcheck={props.type === 'file' ? undefined : false}
        aria-describedby={described || undefined}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

/** What the import form was filled in with (files cannot be kept by a browser after an error). */
export interface ImportFormValues {
  planId: string;
  name: string;
  coordinators: string;
  chairs: string;
  sheet: string;
}

/** The plan being imported again, when the form was opened from its page. */
export interface ReimportOf {
  id: string;
  name: string;
}

export function ImportFormPage(p: { session: Session; values: ImportFormValues; errors: FieldError[]; reimportOf: ReimportOf | null }) {
  return (
    <Layout title={`${p.errors.length ? 'Error: ' : ''}Import a plan`} session={p.session}>
      <p>
        <a href="/">Plans</a>
        {p.reimportOf ? (
          <>
            {' '}
            › <a href={`/plans/${encodeURIComponent(p.reimportOf.id)}`}>{p.reimportOf.name}</a>
          </>
        ) : null}
      </p>
      <ErrorSummary errors={p.errors} />
      <h1>{p.reimportOf ? `Import a new version of ${p.reimportOf.name}` : 'Import a plan'}</h1>
      <p>
        Choose the council's plan spreadsheet and, if you have one, the list of people. You will see what PlanPulse found in them, and can say who each owner
        is, before anything is stored.
      </p>
      {p.errors.length ? <p>Choose the files again: a browser does not keep them after a problem.</p> : null}
      <form method="post" action="/plans/import" enctype="multipart/form-data" novalidate>
        <CsrfField token={p.session.csrf} />
        <Field
          id="planId"
          label="Plan id"
          hint="Lower-case letters, digits and dashes, for example nottingham-2011. Use the id of a stored plan to import a new version of it."
          errors={p.errors}
          value={p.values.planId}
        />
        <Field
          id="name"
          label="Plan name (optional)"
          hint="For example Corporate Parenting Promise Action Plan. Leave empty to keep the stored name."
          errors={p.errors}
          value={p.values.name}
        />
        <Field
          id="planFile"
          label="Plan file"
          hint="An Excel workbook (.xlsx), or a .csv or .tsv file, up to 10 MB."
          errors={p.errors}
          type="file"
          accept=".xlsx,.csv,.tsv"
        />
        <Field
          id="peopleFile"
          label="People file (optional)"
          hint="Names, initials, job titles and emails of the owners (.xlsx, .csv or .tsv). Without one, a stored plan keeps its people."
          errors={p.errors}
          type="file"
          accept=".xlsx,.csv,.tsv"
        />
        <Field
          id="coordinators"
          label="Coordinator emails"
          hint="Reports and escalations go to them. Separate several with commas. Leave empty to keep a stored plan's coordinators."
          errors={p.errors}
          value={p.values.coordinators}
          autocomplete="off"
        />
        <Field
          id="chairs"
          label="Chair emails (optional)"
          hint="The chair's briefing goes to them as well. Separate several with commas. Leave empty to keep the stored ones."
          errors={p.errors}
          value={p.values.chairs}
          autocomplete="off"
        />
        <Field
          id="sheet"
          label="Sheet name (optional)"
          hint="The sheet of an Excel workbook to read. Leave empty to read the first sheet."
          errors={p.errors}
          value={p.values.sheet}
        />
        <button type="submit">Check the files</button>
      </form>
    </Layout>
  );
}

/** One owner text the importer could not resolve by itself, with the person chosen for it (if any). */
export interface OwnerToChoose {
  text: string;
  /** "Owner, rows 4, 7", "Outcome owner, row 2". */
  where: string[];
  why: string;
  /** For an owner that could be several people: their names. */
  candidates: string[];
  chosen: string | null;
  /** What the chosen person still lacks (no email), when they do. */
  chosenNote: string | null;
}

export interface ImportPreviewProps {
  session: Session;
  uploadId: string;
  planId: string;
  planName: string;
  files: string[];
  coordinators: string[];
  chairs: string[];
  /** Whether a plan with this id is stored already. */
  reimport: boolean;
  themes: Array<{ name: string | null; actions: number }>;
  total: number;
  changes: PlanChanges;
  warnings: Array<{ file: string; row: number; message: string }>;
  owners: OwnerToChoose[];
  /** Everyone an owner can be: the people file's, or the stored plan's. */
  people: Person[];
  unreachable: string[];
  errors: FieldError[];
}

const refList = (refs: string[]) => refs.join(', ');

/** The importer's field names (`COMPARED` in import-plan.ts) as the plan's columns are called. */
const FIELD_WORDS: Record<string, string> = {
  theme: 'theme',
  objective: 'objective',
  title: 'action',
  ownerText: 'owners',
  measure: 'measure',
  baseline: 'baseline',
  target: 'target',
  dueText: 'due date',
  status: 'status',
  outcomeOwner: 'outcome owner',
  revisedDueText: 'amended due date',
  comments: 'comments',
};

function Changes(props: { changes: PlanChanges }) {
  const c = props.changes;
  const none = !c.added.length && !c.changed.length && !c.archived.length && !c.restored.length;
  if (none) return <p>The actions are the same as the stored ones: nothing changes.</p>;
  return (
    <table>
      <caption>Changes to the stored actions</caption>
      <thead>
        <tr>
          <th scope="col">Change</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {c.added.length ? (
          <tr>
            <th scope="row">Added ({c.added.length})</th>
            <td>{refList(c.added)}</td>
          </tr>
        ) : null}
        {c.changed.length ? (
          <tr>
            <th scope="row">Changed ({c.changed.length})</th>
            <td>
              <ul>
                {c.changed.map((x) => (
                  <li>
                    {x.ref}: {x.fields.map((f) => FIELD_WORDS[f] ?? f).join(', ')}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ) : null}
        {c.archived.length ? (
          <tr>
            <th scope="row">Archived, no longer in the file ({c.archived.length})</th>
            <td>{refList(c.archived)}</td>
          </tr>
        ) : null}
        {c.restored.length ? (
          <tr>
            <th scope="row">Back in the file ({c.restored.length})</th>
            <td>{refList(c.restored)}</td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

const personText = (p: Person) => `${p.name}${p.initials ? ` (${p.initials})` : ''}${p.email ? '' : ', no email'}`;

function OwnerSelect(props: { index: number; owner: OwnerToChoose; people: Person[] }) {
  const id = `owner-${props.index}`;
  const candidates = props.people.filter((p) => props.owner.candidates.includes(p.name));
  const option = (p: Person) => (
    <option value={p.key} selected={props.owner.chosen === p.key}>
      {personText(p)}
    </option>
  );
  return (
    <>
      <label for={id} style={HIDDEN}>
        Who is “{props.owner.text}”?
      </label>
      <input type="hidden" name={`ownerText-${props.index}`} value={props.owner.text} />
      <select id={id} name={id}>
        <option value="" selected={!props.owner.chosen}>
          Leave unresolved
        </option>
        {candidates.length ? (
          <>
            <optgroup label="Could be">{candidates.map(option)}</optgroup>
            <optgroup label="Everyone">{props.people.map(option)}</optgroup>
          </>
        ) : (
          props.people.map(option)
        )}
      </select>
    </>
  );
}

export function ImportPreviewPage(p: ImportPreviewProps) {
  const stillUnresolved = p.owners.filter((o) => !o.chosen || o.chosenNote).length;
  return (
    <Layout title={`${p.errors.length ? 'Error: ' : ''}Check the import of ${p.planName}`} session={p.session}>
      <Breadcrumbs
        links={[
          ['/', 'Plans'],
          ['/plans/import', 'Import a plan'],
        ]}
      />
      <ErrorSummary errors={p.errors} />
      <h1>Check the import of {p.planName}</h1>
      <div class="notice" role="status">
        <p>
          <strong>Nothing is stored yet.</strong> Check what PlanPulse found, say who each owner is, then commit the import.
        </p>
      </div>
      <table>
        <caption>What you are importing</caption>
        <tbody>
          <tr>
            <th scope="row">Plan</th>
            <td>
              {p.planName} ({p.planId}): {p.reimport ? 'a new version of a stored plan' : 'a new plan'}
            </td>
          </tr>
          <tr>
            <th scope="row">Files</th>
            <td>{p.files.join(', ')}</td>
          </tr>
          <tr>
            <th scope="row">Coordinators</th>
            <td>{p.coordinators.join(', ') || 'None'}</td>
          </tr>
          <tr>
            <th scope="row">Chairs</th>
            <td>{p.chairs.join(', ') || 'None'}</td>
          </tr>
          <tr>
            <th scope="row">People</th>
            <td>{p.people.length}</td>
          </tr>
        </tbody>
      </table>

      <h2>Actions</h2>
      <table>
        <caption>
          {p.total} actions in {p.themes.length} themes
        </caption>
        <thead>
          <tr>
            <th scope="col">Theme</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {p.themes.map((t) => (
            <tr>
              <th scope="row">{t.name ?? 'No theme'}</th>
              <td>{t.actions}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {p.reimport ? (
        <>
          <h2>What changes</h2>
          <Changes changes={p.changes} />
        </>
      ) : null}

      <form method="post" action="/plans/import/confirm" novalidate>
        <CsrfField token={p.session.csrf} />
        <input type="hidden" name="upload" value={p.uploadId} />
        <h2 id="owners">Owners to check</h2>
        {p.owners.length === 0 ? (
          <p>Every owner was matched to a person with an email address.</p>
        ) : (
          <>
            <p>
              PlanPulse could not tell who these owners are, or cannot email them. Choose the person each one is, or leave it unresolved: an action with no
              owner it can email gets no update request.{' '}
              {p.people.length === 0 ? 'There are no people to choose from: import a people file with the plan.' : ''}
            </p>
            <table>
              <caption>Owners not resolved ({stillUnresolved} still to resolve)</caption>
              <thead>
                <tr>
                  <th scope="col">Owner as written</th>
                  <th scope="col">Where</th>
                  <th scope="col">Why</th>
                  <th scope="col">Who it is</th>
                </tr>
              </thead>
              <tbody>
                {p.owners.map((o, i) => (
                  <tr>
                    <th scope="row">{o.text}</th>
                    <td>
                      {o.where.map((w) => (
                        <div>{w}</div>
                      ))}
                    </td>
                    <td>
                      {o.why}
                      {o.chosenNote ? <div class="error-message">{o.chosenNote}</div> : null}
                    </td>
                    <td>
                      <OwnerSelect index={i + 1} owner={o} people={p.people} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        {p.unreachable.length ? (
          <p>
            No owner PlanPulse can email for {p.unreachable.length} action{p.unreachable.length === 1 ? '' : 's'}: {refList(p.unreachable)}.
          </p>
        ) : null}

        <h2>Warnings</h2>
        {p.warnings.length === 0 ? (
          <p>No warnings: every row was understood.</p>
        ) : (
          <table>
            <caption>What PlanPulse could not fully understand ({p.warnings.length})</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Row</th>
                <th scope="col">Warning</th>
              </tr>
            </thead>
            <tbody>
              {p.warnings.map((w) => (
                <tr>
                  <td>{w.file}</td>
                  <td>{w.row}</td>
                  <td>{sentence(w.message)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <div class="filters">
          <button type="submit" name="step" value="commit">
            Commit import
          </button>
          {p.owners.length ? (
            <button type="submit" name="step" value="check" class="secondary">
              Check again with these owners
            </button>
          ) : null}
          <a href={p.reimport ? `/plans/import?plan=${encodeURIComponent(p.planId)}` : '/plans/import'}>Start again</a>
        </div>
      </form>
    </Layout>
  );
}

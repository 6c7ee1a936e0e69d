/** @jsxImportSource hono/jsx */
import type { Delegate, Person, Plan } from '#domain/model';
import { Field, HIDDEN } from './import-pages.tsx';
import { CsrfField, ErrorSummary, type FieldError, Layout, sentence, Breadcrumbs } from './layout.tsx';
import type { Session } from './session.ts';

export interface PersonLine {
  person: Person;
  /** How many of the plan's actions they own. */
  actions: number;
  delegates: Delegate[];
}

export interface DelegateForm {
  values: { owner: string; email: string };
  errors: FieldError[];
}

export function PeoplePage(p: { session: Session; plan: Plan; people: PersonLine[]; form: DelegateForm; notice: string | null }) {
  const planPath = `/plans/${encodeURIComponent(p.plan.id)}`;
  const ownerError = p.form.errors.find((e) => e.field === 'owner')?.message;
  return (
    <Layout title={`${p.form.errors.length ? 'Error: ' : ''}People and delegates - ${p.plan.name}`} session={p.session}>
      <Breadcrumbs
        links={[
          ['/', 'Plans'],
          [planPath, p.plan.name],
        ]}
      />
      <ErrorSummary errors={p.form.errors} />
      {p.notice ? (
        <div class="notice" role="status">
          <p>{p.notice}</p>
        </div>
      ) : null}
      <h1>People and delegates</h1>
      <p>
        The people of {p.plan.name}, the actions each one owns, and the delegates who may answer update requests for them (for example while they are on leave).
      </p>
      {p.people.length === 0 ? (
        <p>This plan has no people yet: import it again with a people file.</p>
      ) : (
        <table>
          <caption>People ({p.people.length})</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Initials</th>
              <th scope="col">Job or role</th>
              <th scope="col">Email</th>
              <th scope="col">Actions owned</th>
              <th scope="col">Delegates</th>
            </tr>
          </thead>
          <tbody>
            {p.people.map(({ person, actions, delegates }) => (
              <tr>
                <th scope="row">{person.name}</th>
                <td>{person.initials ?? ''}</td>
                <td>{person.role ?? ''}</td>
                <td>{person.email ?? 'No email'}</td>
                <td>{actions ? <a href={`${planPath}?owner=${encodeURIComponent(person.key)}`}>{actions}</a> : 0}</td>
                <td>
                  {delegates.length === 0
                    ? 'None'
                    : delegates.map((d) => (
                        <form method="post" action={`${planPath}/delegates/remove`} style="margin:0 0 10px">
                          <CsrfField token={p.session.csrf} />
                          <input type="hidden" name="owner" value={person.key} />
                          <input type="hidden" name="email" value={d.email} />
                          <div>{d.email}</div>
                          <button type="submit" class="secondary">
                            Remove
                            <span style={HIDDEN}>
                              {' '}
                              {d.email} as delegate for {person.name}
                            </span>
                          </button>
                        </form>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.people.length ? (
        <>
          <h2>Add a delegate</h2>
          <form method="post" action={`${planPath}/delegates`} novalidate>
            <CsrfField token={p.session.csrf} />
            <div class={ownerError ? 'field field-error' : 'field'}>
              <label for="owner">Owner</label>
              {ownerError ? (
                <span class="error-message" id="owner-error">
                  <span style={HIDDEN}>Error: </span>
                  {sentence(ownerError)}
                </span>
              ) : null}
              <select id="owner" name="owner" aria-describedby={ownerError ? 'owner-error' : undefined} aria-invalid={ownerError ? 'true' : undefined}>
                <option value="">Choose the owner</option>
                {p.people.map(({ person }) => (
                  <option value={person.key} selected={p.form.values.owner === person.key}>
                    {person.name}
                    {person.initials ? ` (${person.initials})` : ''}
                  </option>
                ))}
              </select>
            </div>
            <Field
              id="email"
              label="Delegate's email address"
              hint="Replies from this address are then taken as the owner's own, for every cycle of this plan."
              errors={p.form.errors}
              value={p.form.values.email}
              autocomplete="off"
            />
            <button type="submit">Add delegate</button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}

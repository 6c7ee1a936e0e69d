import type { Person } from '#domain/model';

/** A person as the people file would give them: keyed by initials, else a slug of the name. */
export const person = (initials: string | null, name: string, role: string | null, email: string | null): Person => ({
  key:
    initials ??
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, ''),
  name,
  initials,
  email,
  role,
});

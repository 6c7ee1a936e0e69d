/**
 * Libraries a Lambda loads on first use instead of at cold start: each is installed next to the
 * bundle, not bundled (infra/constructs/planpulse-function.ts `INSTALLED_MODULES`), and its
 * loader, one file per library in this folder, imports it the first time a reply, a workbook or
 * a report needs it. One file each, so a bundle refers only to the libraries its code can load.
 */
type Loader<T> = () => Promise<T>;

/** One import, shared by every caller (a failed import is tried again next time). */
export function once<T>(load: Loader<T>): Loader<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}

/** Errors with a message meant for the person who caused them. Mapped to exit codes / HTTP in one place each. */
export class UserError extends Error {
  readonly status: number = 400;
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends UserError {}

export class NotFoundError extends UserError {
  override readonly status = 404;
}

export class ConflictError extends UserError {
  override readonly status = 409;
}

/** A plan or people file that cannot be imported; nothing was stored. */
export class ImportError extends UserError {}

/**
 * The work is held by another run right now (its lease is live). Not done, and not ours to
 * skip: the caller fails so that the platform retries later, by when that run has finished
 * (the retry then skips it) or died (the retry takes it over).
 */
export class BusyError extends Error {
  override name = 'BusyError';
  /** Try again later: the platform's retry, a 451 to an SMTP client, "try again in a minute" to a person. */
  readonly retryable = true;
}

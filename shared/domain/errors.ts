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

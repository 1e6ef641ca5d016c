/** The HTTP statuses a refusal answers with: forbidden, not found, conflict, unprocessable. */
export type RefusalStatus = 403 | 404 | 409 | 422;

/**
 * What a feature's mutation returns when it will not do what was asked: a value, not a throw.
 * The route handler answers with `status` and `{ code, message }`; a page shows `message`.
 * A feature narrows the statuses and codes it uses and adds its own fields (`fields`, `field`).
 */
export type Refusal<Status extends RefusalStatus = RefusalStatus, Code extends string = string> = {
  ok: false;
  status: Status;
  code: Code;
  message: string;
};

/** Field name to the sentence shown under that field. */
export type FieldMessages = Record<string, string>;

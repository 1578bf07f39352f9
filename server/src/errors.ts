/**
 * The one application error (after Koa's ctx.throw): status, a stable machine code, a message
 * that is safe to show. Internals go in `cause` and are only logged.
 */
export class AppError extends Error {
  readonly expose: boolean;
  readonly field: string | undefined;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    opts: { expose?: boolean; cause?: unknown; field?: string } = {},
  ) {
    super(message, { cause: opts.cause });
    this.expose = opts.expose ?? status < 500;
    this.field = opts.field;
  }
}

export const badRequest = (message: string, field?: string) =>
  new AppError(400, 'bad_request', message, field === undefined ? {} : { field });
export const unauthorized = (message = 'sign-in required') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'not allowed for your role') => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (message: string) => new AppError(409, 'conflict', message);

import type { AppErrorShape, ErrorCode } from '../../preload/contract';

/** A failure meant for the user: it crosses the bridge as `{ ok: false, error }`. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    /** Plain words for the user. */
    message: string,
    readonly extras: { action?: string; detail?: string; reference?: string; cause?: unknown } = {},
  ) {
    super(message, extras.cause === undefined ? undefined : { cause: extras.cause });
  }

  /** Re-raises a failure that already has the contract's shape (e.g. a ProviderError's). */
  static fromShape(shape: AppErrorShape, cause?: unknown): AppError {
    return new AppError(shape.code, shape.message, {
      ...(shape.action !== undefined ? { action: shape.action } : {}),
      ...(shape.detail !== undefined ? { detail: shape.detail } : {}),
      ...(shape.reference !== undefined ? { reference: shape.reference } : {}),
      cause,
    });
  }

  toShape(): AppErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.extras.action !== undefined ? { action: this.extras.action } : {}),
      ...(this.extras.detail !== undefined ? { detail: this.extras.detail } : {}),
      ...(this.extras.reference !== undefined ? { reference: this.extras.reference } : {}),
    };
  }
}

export function notFound(what: string): AppError {
  return new AppError('not-found', `${what} could not be found.`, { action: 'Check the details and search again.' });
}

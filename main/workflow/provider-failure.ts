import { AppError } from '../api/app-error';
import { ProviderError } from '../protocols/care-connect/provider';

/** Turns a Provider failure into the error the user sees; anything else passes through unchanged. */
export function asAppError(error: unknown): unknown {
  if (error instanceof ProviderError) return AppError.fromShape(error.toAppError(), error);
  return error;
}

/** The audit fields every Provider failure carries: codes are for the record, never for the user. */
export function failureDetail(error: unknown): Record<string, unknown> {
  if (error instanceof ProviderError) {
    return {
      errorCode: error.code,
      failureKind: error.failureKind,
      spineCode: error.spineCode ?? null,
      issueCode: error.issueCode ?? null,
      diagnostics: error.diagnostics ?? null,
      message: error.userMessage,
      kind: error.kind,
    };
  }
  if (error instanceof AppError) return { errorCode: error.code, message: error.message };
  return { errorCode: 'internal', message: (error as Error).message };
}

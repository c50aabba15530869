import type { ErrorInfo } from '../../../lib/errors';

/** Converts anything thrown into what ErrorAlert shows. */
export function asErrorInfo(error: unknown): ErrorInfo {
  if (error && typeof error === 'object' && 'message' in error) {
    const e = error as { name?: string; message: string; hint?: string };
    return { name: e.name ?? 'Error', message: e.message, hint: e.hint ?? '' };
  }
  return { name: 'Error', message: String(error), hint: '' };
}

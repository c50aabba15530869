import { CourseError, type ErrorInfo } from '../lib/errors';

/** An error that happened in the training engine (worker or main-thread host), rebuilt on the page side. */
export class RemoteError extends CourseError {
  constructor(info: ErrorInfo) {
    super(info.message, info.hint);
    // Keep the engine's class name ('DatasetFormatError', 'SettingsError', …) so toErrorInfo round-trips.
    this.name = info.name;
  }
}

/** Rebuilds an error the engine sent as plain data; `toErrorInfo` on the result gives message and hint back. */
export function fromErrorInfo(info: ErrorInfo): RemoteError {
  return new RemoteError(info);
}

/** The engine went away (worker crashed or failed to load): every pending and later request fails with this. */
export function engineCrashedInfo(detail: string): ErrorInfo {
  return {
    name: 'EngineCrashed',
    message: `The training engine stopped unexpectedly${detail ? `: ${detail}` : ''}.`,
    hint: 'Reload the page to start it again. If it keeps happening, choose a smaller image size or batch size (the browser may have run out of memory).',
  };
}

/** A request after `dispose()`. */
export function clientDisposedInfo(): ErrorInfo {
  return {
    name: 'ClientDisposed',
    message: 'The training client was disposed, so it cannot take more requests.',
    hint: 'Create a new client with createTrainingClient().',
  };
}

/** Base class for every error the course raises on purpose: a message that names the thing and what was expected, and a hint that says what to do. */
export class CourseError extends Error {
  readonly hint: string;
  constructor(message: string, hint = '') {
    super(message);
    // Each subclass also names itself as a string: a minified build renames classes, and the page
    // tells errors apart by name after they cross from the worker.
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** A data file or array is not in the layout the lessons use. */
export class DatasetFormatError extends CourseError {
  override name = 'DatasetFormatError';
}

/** A tensor or array has the wrong shape for where it is going. */
export class ShapeError extends CourseError {
  override name = 'ShapeError';
}

/** A setting (hyper-parameter, size, option) is outside what the course can run. */
export class SettingsError extends CourseError {
  override name = 'SettingsError';
}

/** Training diverged or could not continue. */
export class TrainingError extends CourseError {
  override name = 'TrainingError';
}

/** Plain-data view of any error, for messages between the worker and the page. */
export interface ErrorInfo {
  name: string;
  message: string;
  hint: string;
}

/** Converts anything thrown into plain data the UI can show. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof CourseError) return { name: error.name, message: error.message, hint: error.hint };
  if (error instanceof Error) return { name: error.name, message: error.message, hint: '' };
  return { name: 'Error', message: String(error), hint: '' };
}

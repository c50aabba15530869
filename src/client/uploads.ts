/**
 * Checks a learner's file before anything reads it: a file over the loader's memory budget is refused
 * with its size and the limit (a DatasetFormatError), so the page never asks the browser for its bytes.
 */
export { assertBudget as assertUploadSize, DEFAULT_MAX_BYTES as MAX_UPLOAD_BYTES } from '../lib/data/fileBudget';

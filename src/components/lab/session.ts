/**
 * The page's shared state, one concept per module under ./page/ (signals, engine start, dataset
 * loading, run history, kept model, URLs, errors), re-exported here for islands that use several.
 */
export * from './page/signals';
export { asErrorInfo } from './page/errors';
export { dataUrl, requestedBackend } from './page/urls';
export { ensureEngine, getClient, switchBackend } from './page/engineStart';
export { bringBackKeptModel, ensureDataset } from './page/datasetLoading';
export { forgetRuns, ofTask, restoreRuns, saveRun } from './page/runHistory';
export { keepModel, restoreKeptModel } from './page/keptModel';

/**
 * Export and import of a trained model: TensorFlow.js layers files (model.json + weights.bin),
 * the same files as the CLI's --save, so `npm run train -- --model-from <dir>` reads them too.
 * The run's record (./runRecord) travels inside model.json, under userDefinedMetadata.runRecord,
 * so an imported model comes back with its settings and curves.
 */
import { CourseError } from '../../../lib/errors';
import { RUN_RECORD_FORMAT, runRecord, runRecordFileName } from '../runRecord';
import { getClient } from './engineStart';
import { keepModel } from './keptModel';
import { saveRun } from './runHistory';
import { activeRunId, dataset, modelRunId, runs, type LabRun } from './signals';

function save(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Downloads the model in the engine now (model.json with its run's record, and weights.bin). */
export async function exportCurrentModel(): Promise<string> {
  const run = runs.value.find((r) => r.id === modelRunId.value);
  if (!run) throw new CourseError('No trained model to export.', 'Train a model, or choose a kept one, first.');
  const files = await getClient().exportModel({});
  const json = JSON.parse(files.modelJson) as { userDefinedMetadata?: Record<string, unknown> };
  json.userDefinedMetadata = { ...json.userDefinedMetadata, runRecord: runRecord(run) };
  save('model.json', new Blob([JSON.stringify(json)], { type: 'application/json' }));
  save('weights.bin', new Blob([files.weights as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  return runRecordFileName(run);
}

const IMPORT_HINT = 'Choose both files a course page exported (model.json and weights.bin) at once.';

/** Reads the two files of an exported model, loads it as the model in use, lists its run and keeps it. */
export async function importModelFiles(files: File[]): Promise<LabRun> {
  const jsonFile = files.find((f) => f.name.endsWith('.json'));
  const weightsFile = files.find((f) => f.name.endsWith('.bin'));
  if (!jsonFile || !weightsFile) throw new CourseError('A model is two files: model.json and weights.bin.', IMPORT_HINT);
  if (activeRunId.value !== null) throw new CourseError('A run is training.', 'Import the model when it has finished.');
  const modelJson = await jsonFile.text();
  let parsed: { userDefinedMetadata?: { runRecord?: ReturnType<typeof runRecord> } };
  try { parsed = JSON.parse(modelJson) as typeof parsed; } catch { throw new CourseError(`${jsonFile.name} is not valid JSON.`, IMPORT_HINT); }
  const record = parsed.userDefinedMetadata?.runRecord;
  if (record?.format !== RUN_RECORD_FORMAT || !record.settings || !Array.isArray(record.epochs)) {
    throw new CourseError(`${jsonFile.name} has no run record from this course.`, 'Import a model exported from a course page; a model saved by the CLI is evaluated with npm run train -- --model-from <dir>.');
  }
  const data = dataset.value;
  if (data.state !== 'ready') throw new CourseError('The lesson’s data is not loaded yet.', 'Wait for the data, then import again.');
  await getClient().importModel({ modelJson, weights: new Uint8Array(await weightsFile.arrayBuffer()) });
  const run: LabRun = {
    id: `imported:${Date.now().toString(36)}`, label: `${record.run.label} (imported)`, model: record.settings.model,
    config: { ...record.settings, displaySlices: [] }, status: record.run.status === 'running' ? 'stopped' : record.run.status,
    backend: record.environment.backend ?? '', paramCount: record.parameters ?? 0, history: record.epochs, startedAt: record.run.startedAt,
    dataset: data.label, ...(record.data.sha256 ? { dataSha256: record.data.sha256 } : {}),
    ...('tfjs' in record.environment ? { environment: record.environment } : {}),
  };
  saveRun(run);
  modelRunId.value = run.id;
  void keepModel(run.id, data.label);
  return run;
}

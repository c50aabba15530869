/**
 * The files the course's Node commands read and write: lesson HDF5 files (handed to the engine as
 * bytes), model directories (model.json + weights.bin, as --save writes them) and JSON records.
 */
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import type { Task } from '../src/lib/data/types';
import type { DatasetSummary, EngineApi, ModelFilesParams } from '../src/lib/engine/protocol';
import { UsageError } from './usageError';

/** The bytes of a data file, in a buffer of their own; UsageError when there is no such file. */
export async function readDataFile(path: string): Promise<ArrayBuffer> {
  await fs.access(path).catch(() => {
    throw new UsageError(`Data file not found: ${path}`);
  });
  const bytes = await fs.readFile(path);
  // A Node Buffer may be a view into a shared pool: hand the engine exactly the file.
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * The task a data file is for when the command does not say: the one task whose rules the file meets
 * (a file of 0/1 masks meets translation's too, and is taken as segmentation); segmentation, the
 * course's first lesson, when the file meets none (loading it then says why). The reason is for printing.
 */
export async function taskOfDataFile(engine: EngineApi, path: string, tasks: readonly Task[]): Promise<{ task: Task; reason: string }> {
  const inspection = await engine.inspectDataset({ source: { bytes: await readDataFile(path) }, label: path });
  const usable = tasks.filter((task) => inspection.lessons[task]?.usable);
  if (usable.includes('segmentation')) return { task: 'segmentation', reason: 'its targets are 0/1 masks' };
  if (usable.length === 1) return { task: usable[0], reason: `it fits only ${usable[0]}` };
  return { task: 'segmentation', reason: usable.length === 0 ? 'it fits no task as it is (see the error below)' : `it fits ${usable.join(', ')}; pass --task to choose` };
}

/** Loads a lesson file into the engine (the file's path names it in messages) and returns what it holds. */
export async function loadDataFile(engine: EngineApi, options: { path: string; task: Task; purpose?: 'train' | 'evaluate' }): Promise<DatasetSummary> {
  const bytes = await readDataFile(options.path);
  return engine.loadDataset({ source: { bytes }, task: options.task, label: options.path, ...(options.purpose ? { purpose: options.purpose } : {}) });
}

/** Reads a model directory written by --save (or exported from the page); UsageError without a model.json. */
export async function readModelDir(dir: string): Promise<ModelFilesParams> {
  const modelJson = await fs.readFile(join(dir, 'model.json'), 'utf8').catch(() => {
    throw new UsageError(`No model.json in ${dir}: pass a directory written by --save.`);
  });
  const weights = new Uint8Array(await fs.readFile(join(dir, 'weights.bin')));
  return { modelJson, weights };
}

/** Writes model.json + weights.bin into `dir` (created when missing). */
export async function writeModelDir(dir: string, files: ModelFilesParams): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(join(dir, 'model.json'), files.modelJson);
  await fs.writeFile(join(dir, 'weights.bin'), files.weights);
}

/** Writes a JSON record when a path is given and says so. */
export async function writeJson(path: string | undefined, value: unknown): Promise<void> {
  if (!path) return;
  // perSlice arrays stay in the record; NaN/Infinity become null in JSON.
  await fs.writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
  console.log(`Wrote ${path}`);
}

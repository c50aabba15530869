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

/**
 * npm run import as a function: reads a pair of scans (NIfTI files or DICOM folders), has the engine
 * turn them into a lesson file, writes it and prints what it holds. Returns the exit code: 0 on
 * success, 1 on an error (message and hint on stderr), 2 on bad arguments (with the usage).
 */
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../src/lib/engine/engine';
import type { EngineApi, ImportSummary, NamedBytes } from '../src/lib/engine/protocol';
import { isTask, taskDescriptor, taskNames } from '../src/lib/tasks';
import type { Task } from '../src/lib/data/types';
import { reportFailure, type EngineFactory } from './cliEngine';
import { UsageError } from './usageError';
import { definedOnly } from './definedOnly';

export const IMPORT_USAGE = `Usage:
  npm run import -- --task segmentation --image <ct.nii.gz | dicom folder> --mask <mask.nii.gz | folder> --out lesson.h5 [--size N] [--label V]
  npm run import -- --task translation --image <t1.nii.gz | folder> --target <t2.nii.gz | folder> --out lesson.h5 [--size N]
--size: slice height = width in pixels, a multiple of 4 (default 128). --label: the mask value that is the structure (default every non-zero voxel).
--image-series UID, --target-series UID: the DICOM series to read when a folder holds several (default the largest; the import lists them).`;

export interface ImportArgs {
  task: Task;
  image: string;
  target: string;
  out: string;
  size?: number;
  label?: number;
  /** DICOM: the SeriesInstanceUID to read from the image's (or the mask's/target's) folder. */
  imageSeries?: string;
  targetSeries?: string;
}

function numberArg(name: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) throw new UsageError(`--${name} expects ${integer ? 'an integer' : 'a number'}, but got "${value}".`);
  return n;
}

/** Parses the importer's arguments; throws UsageError for unknown flags, missing values and a target flag that does not fit the task. */
export function parseImportArgs(argv: string[]): ImportArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        task: { type: 'string' }, image: { type: 'string' }, mask: { type: 'string' }, target: { type: 'string' },
        out: { type: 'string' }, size: { type: 'string' }, label: { type: 'string' }, help: { type: 'boolean', short: 'h' },
        'image-series': { type: 'string' }, 'target-series': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const task = values.task;
  if (task === undefined || !isTask(task)) throw new UsageError(`--task expects one of ${taskNames().join(', ')}, but got ${task === undefined ? 'none' : `"${task}"`}.`);
  // Segmentation-like tasks (binary targets) take a --mask, the others a --target image.
  const wantsMask = taskDescriptor(task).data.targets === 'binary';
  const [flag, other] = wantsMask ? ['mask', 'target'] as const : ['target', 'mask'] as const;
  if (values[other] !== undefined) throw new UsageError(`--${other} does not fit the ${task} task: pass its ${wantsMask ? 'mask' : 'target image'} with --${flag}.`);
  const target = values[flag];
  if (!values.image || !target || !values.out) throw new UsageError(`--image, --${flag} and --out are required.`);
  const size = numberArg('size', values.size, true);
  const label = numberArg('label', values.label, false);
  return { task, image: values.image, target, out: values.out, ...definedOnly({ size, label, imageSeries: values['image-series'], targetSeries: values['target-series'] }) };
}

/** A file, or every file of a folder (a DICOM series), as named bytes; UsageError when the path does not exist. */
export async function readScanFiles(path: string): Promise<NamedBytes[]> {
  const stat = await fs.stat(path).catch(() => {
    throw new UsageError(`No such file or folder: ${path}`);
  });
  const paths = stat.isDirectory()
    ? (await fs.readdir(path, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => join(path, entry.name)).sort()
    : [path];
  return Promise.all(paths.map(async (name) => ({ name, bytes: new Uint8Array(await fs.readFile(name)) })));
}

/** When a folder held several DICOM series: each of them, and how to import another. */
function seriesLines(side: string, flag: string, list: ImportSummary['series']['image']): string[] {
  if (list.length < 2) return [];
  return [
    `The ${side} folder holds ${list.length} series (the first was read; choose another with ${flag} UID):`,
    ...list.map((info) => `  ${info.seriesInstanceUid}  ${info.description || '(no description)'}, ${info.modality || '?'}, ${info.fileCount} files of ${info.rows}×${info.columns}`),
  ];
}

/** The lines the command prints after writing the file. */
export function describeImport(out: string, summary: ImportSummary): string[] {
  const { counts, orientation } = summary;
  return [
    `Wrote ${out}: ${summary.task}, ${summary.size}×${summary.size} slices, train ${counts.train}, val ${counts.val}, test ${counts.test}.`,
    `Orientation as stored: image ${orientation.image}, target ${orientation.target} (slices are shown axial, anterior up, the patient's right on the left).`,
    ...seriesLines('image', '--image-series', summary.series.image),
    ...seriesLines('target', '--target-series', summary.series.target),
    ...summary.warnings.map((warning) => `Warning: ${warning}`),
    `Next: npm run inspect-data -- ${out} --task ${summary.task}, then npm run train -- --data ${out} --task ${summary.task}`,
  ];
}

export interface ImportCliOptions {
  /** Default: the course's createEngine (tests pass one to watch the requests). */
  createEngine?: EngineFactory;
}

/** Runs `npm run import -- <argv>` and resolves with its exit code. */
export async function runImportCli(argv: string[], options: ImportCliOptions = {}): Promise<number> {
  let engine: EngineApi | undefined;
  try {
    const args = parseImportArgs(argv);
    if (args === 'help') {
      console.log(IMPORT_USAGE);
      return 0;
    }
    const [image, target] = [await readScanFiles(args.image), await readScanFiles(args.target)];
    // Importing needs no backend: the engine reads, resamples and encodes without TensorFlow.js.
    engine = (options.createEngine ?? createEngine)({});
    const { bytes, summary } = await engine.importVolumes({
      image, target, task: args.task,
      ...definedOnly({ size: args.size, label: args.label, imageSeries: args.imageSeries, targetSeries: args.targetSeries }),
    });
    await fs.writeFile(args.out, bytes);
    for (const line of describeImport(args.out, summary)) console.log(line);
    return 0;
  } catch (error) {
    return reportFailure(error, IMPORT_USAGE);
  } finally {
    await engine?.dispose({});
  }
}

/**
 * npm run predict as a function: loads a model saved with --save (or exported from the page), has the
 * engine run it on every axial slice of a scan (a NIfTI file or a DICOM folder), writes the prediction
 * as a .nii.gz on the scan's own grid and prints the volume metrics when a reference is given.
 * Returns the exit code: 0 on success, 1 on an error (message and hint on stderr), 2 on bad arguments.
 */
import * as fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { EngineApi, PredictionSummary } from '../src/lib/engine/protocol';
import { taskDescriptor } from '../src/lib/tasks';
import { reportFailure, startCliEngine, type EngineFactory } from './cliEngine';
import { readModelDir } from './cliFiles';
import { readScanFiles } from './importCli';
import { UsageError } from './usageError';
import { definedOnly } from './definedOnly';

export const PREDICT_USAGE = `Usage:
  npm run predict -- --model-from <dir> --image <scan.nii.gz | dicom folder> --out <prediction.nii.gz>
                     [--mask <reference mask> [--label V] | --target <reference image>] [--series UID]

  --model-from  a model saved with npm run train -- --save <dir> (model.json + weights.bin), or exported from the page
  --image       the scan: a NIfTI file (.nii, .nii.gz) or a folder holding a DICOM series
  --out         where to write the prediction, a .nii.gz on the scan's own grid and affine
                (a 0/1 uint8 mask for segmentation, float32 intensities for translation)
  --mask        segmentation: the reference mask or label map, for 3-D Dice and HD95 (mm)
  --label       the reference's label value that is the structure (default every non-zero voxel)
  --target      translation: the reference image, for MAE, PSNR and SSIM inside the head
  --series      the image's DICOM series (a SeriesInstanceUID) when its folder holds several (default the largest)`;

export interface PredictArgs {
  modelFrom: string;
  image: string;
  out: string;
  reference?: { kind: 'mask' | 'target'; path: string };
  label?: number;
  series?: string;
}

/** Parses the arguments; throws UsageError for unknown flags, missing values, both --mask and --target, or --label without --mask. */
export function parsePredictArgs(argv: string[]): PredictArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        'model-from': { type: 'string' }, image: { type: 'string' }, out: { type: 'string' }, mask: { type: 'string' }, target: { type: 'string' },
        label: { type: 'string' }, series: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const { image, out, mask, target, series } = values;
  const modelFrom = values['model-from'];
  if (!modelFrom || !image || !out) throw new UsageError('--model-from, --image and --out are required.');
  if (!/\.nii\.gz$/i.test(out)) throw new UsageError(`--out expects a .nii.gz file name, but got "${out}".`);
  if (mask !== undefined && target !== undefined) throw new UsageError('Pass one reference: --mask (segmentation) or --target (translation), not both.');
  let label: number | undefined;
  if (values.label !== undefined) {
    label = Number(values.label);
    if (values.label.trim() === '' || !Number.isFinite(label)) throw new UsageError(`--label expects a number, but got "${values.label}".`);
    if (mask === undefined) throw new UsageError('--label picks the structure in a reference mask: pass --mask too.');
  }
  const reference = mask !== undefined ? { kind: 'mask' as const, path: mask } : target !== undefined ? { kind: 'target' as const, path: target } : undefined;
  return { modelFrom, image, out, ...definedOnly({ reference, label, series }) };
}

const mm = (values: readonly number[]) => values.map((v) => +v.toFixed(3)).join('×');

/** The lines the command prints after writing the prediction. */
export function describePrediction(args: PredictArgs, summary: PredictionSummary): string[] {
  const series = summary.series.image[0] && (summary.series.image.find((s) => s.seriesInstanceUid === args.series) ?? summary.series.image[0]);
  return [
    `Read ${args.image}: ${summary.dims.join('×')} voxels of ${mm(summary.spacing)} mm, orientation ${summary.orientation.image}${series ? `, DICOM series ${series.seriesInstanceUid}` : ''}.`,
    `Ran the ${summary.task} model on ${summary.slicesRun} axial slices of ${summary.size}×${summary.size} pixels (${+summary.pixelSizeMm.toFixed(3)} mm).`,
    `Wrote ${args.out}: ${summary.values}, on the image's grid and affine.`,
    ...(summary.metrics ?? []).map((metric) => `${metric.label}: ${metric.text}`),
    ...summary.warnings.map((warning) => `Warning: ${warning}`),
  ];
}

export interface PredictCliOptions {
  /** Default: the course's createEngine (tests pass one to watch the requests). */
  createEngine?: EngineFactory;
}

/** Runs `npm run predict -- <argv>` and resolves with its exit code. */
export async function runPredictCli(argv: string[], options: PredictCliOptions = {}): Promise<number> {
  let engine: EngineApi | undefined;
  try {
    const args = parsePredictArgs(argv);
    if (args === 'help') {
      console.log(PREDICT_USAGE);
      return 0;
    }
    const modelFiles = await readModelDir(args.modelFrom);
    const image = await readScanFiles(args.image);
    const reference = args.reference ? await readScanFiles(args.reference.path) : undefined;
    engine = (await startCliEngine(options.createEngine ? { createEngine: options.createEngine } : {})).engine;
    const model = await engine.importModel(modelFiles);
    // The flag must name the kind of reference the model's task scores: a mask for binary targets, else an image.
    const wants = taskDescriptor(model.task).data.targets === 'binary' ? 'mask' : 'target';
    if (args.reference && args.reference.kind !== wants) {
      throw new UsageError(`--${args.reference.kind} does not fit the ${model.task} model in ${args.modelFrom}: pass its reference ${wants === 'mask' ? 'mask' : 'image'} with --${wants}.`);
    }
    const { bytes, summary } = await engine.predictVolume({
      image, ...definedOnly({ reference, label: args.label, imageSeries: args.series }),
    });
    await fs.writeFile(args.out, bytes);
    for (const line of describePrediction(args, summary)) console.log(line);
    return 0;
  } catch (error) {
    return reportFailure(error, PREDICT_USAGE);
  } finally {
    await engine?.dispose({});
  }
}

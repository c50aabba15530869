/**
 * The predictVolume request: the engine's current model run on every axial slice of a scan (NIfTI or a
 * DICOM series), written as a .nii.gz on the scan's own grid and scored against a reference when given.
 */
import type * as tf from '@tensorflow/tfjs';
import { checkNormalizationFits, declaredUnits, sniffUnits } from '../data/inputUnits';
import { describeNormalization } from '../data/normalizations';
import { TARGET_SCALE_PERCENTILE } from '../data/targetScale';
import { defaultNormalization } from '../data/prepareDataset';
import { CourseError, SettingsError } from '../errors';
import { formatValue } from '../losses/metrics';
import { taskDescriptor } from '../tasks';
import { predictBatches } from '../train/predictBatches';
import { voxelOrientation } from '../volumes/orientation';
import type { SliceStack } from '../volumes/toAxialSlices';
import type { EngineState } from './engineState';
import { taskOfOutput } from './modelRequests';
import { predictionNifti } from './predictionNifti';
import type { EngineApi, NamedBytes } from './protocol';
import { readVolumeFiles } from './readVolumeFiles';
import { prepareReference, scoreAgainstReference, type PreparedReference } from './referenceMetrics';
import { handOver } from './transfer';
import { assertPredictionBudget, predictVolumeSlices } from './volumePrediction';

/** Slices per forward pass: small enough for a phone's GPU at 256×256, large enough to keep it busy. */
const PREDICT_BATCH = 8;

/** The output's file name: the image's (a NIfTI file's base name, or a DICOM series' folder) with '-prediction.nii.gz'. */
export function predictionFileName(image: readonly NamedBytes[]): string {
  const parts = (image[0]?.name ?? 'volume').split(/[\\/]/).filter(Boolean);
  const file = parts.at(-1) ?? 'volume';
  const nifti = /\.nii(\.gz)?$/i.test(file);
  const base = nifti || image.length === 1 || parts.length < 2 ? file.replace(/\.(nii(\.gz)?|dcm|ima)$/i, '') : parts.at(-2)!;
  return `${base || 'volume'}-prediction.nii.gz`;
}

/** Refuses a model that does not map square single-channel slices to one output per pixel. */
function assertSliceModel(model: tf.LayersModel): number {
  const [, height, width, channels] = model.inputs[0].shape;
  const [, outHeight, outWidth, outChannels] = model.outputs[0].shape;
  if (!height || height !== width || channels !== 1 || outHeight !== height || outWidth !== width || outChannels !== 1) {
    throw new SettingsError(
      `Expected a model that maps square one-channel slices to one output per pixel, but the current model takes ${model.inputs[0].shape.slice(1).join('×')} and gives ${model.outputs[0].shape.slice(1).join('×')}.`,
      'Use a model trained in one of the lessons (or saved with npm run train -- --save).',
    );
  }
  return height;
}

/** The predictVolume request over the engine's state; `maxVolumeBytes` bounds each scan read. */
export function predictVolumeMethods(state: EngineState, options: { maxVolumeBytes?: number } = {}): Pick<EngineApi, 'predictVolume'> {
  return {
    async predictVolume({ image, imageSeries, reference, referenceSeries, label }) {
      state.requireIdle('run the model on a volume');
      let model: tf.LayersModel;
      try {
        model = state.requireModel();
      } catch {
        throw new CourseError('There is no model to predict with.', 'Train a model, restore a kept one or import a saved one (model.json + weights.bin) first.');
      }
      const size = assertSliceModel(model);
      const task = state.modelTask ?? state.data?.task ?? taskOfOutput(model);
      const descriptor = taskDescriptor(task);
      const binary = descriptor.data.targets === 'binary';
      if (label !== undefined && (!binary || !reference?.length)) {
        throw new SettingsError(
          binary ? 'A label picks the structure out of a reference mask, but no reference was given.' : `A label picks a structure out of a mask; the ${task} model's references are images.`,
          binary ? 'Pass the reference mask too, or leave the label out.' : 'Leave the label out for this model.',
        );
      }
      const budget = options.maxVolumeBytes === undefined ? {} : { maxBytes: options.maxVolumeBytes };
      const imageRead = readVolumeFiles(image, { role: 'image', units: descriptor.hounsfieldInput ? 'HU' : null, ...budget, ...(imageSeries === undefined ? {} : { seriesInstanceUid: imageSeries }) });
      const volume = imageRead.volume;
      const warnings: string[] = [];
      let normalization = state.modelInput?.normalization;
      if (!normalization) {
        normalization = defaultNormalization(volume.units ? { units: volume.units } : {}, volume.data);
        warnings.push(`The model does not say how its inputs were normalised; assumed ${describeNormalization(normalization)}.`);
      }
      const declared = volume.units ? declaredUnits({ units: volume.units }) : null;
      const sniff = sniffUnits(volume.data);
      const misfit = checkNormalizationFits(normalization, state.modelInput?.units, { units: declared ?? sniff.units, declared: declared !== null, sniff });
      if (misfit) warnings.push(`${misfit.message} ${misfit.hint}`);

      // The reference is read and checked before the model runs, so a wrong file is refused at once; only
      // its slices on the image's grid are kept (the volume read is let go, its mask made in place).
      const maxBytes = options.maxVolumeBytes === undefined ? {} : { maxBytes: options.maxVolumeBytes };
      let prepared: PreparedReference | null = null;
      let referenceOrientation: string | null = null;
      let referenceSeriesFound: typeof imageRead.series = [];
      if (reference?.length) {
        const referenceRead = readVolumeFiles(reference, { role: binary ? 'reference mask' : 'reference image', units: null, ...budget, ...(referenceSeries === undefined ? {} : { seriesInstanceUid: referenceSeries }) });
        referenceSeriesFound = referenceRead.series;
        referenceOrientation = voxelOrientation(referenceRead.volume.affine).codes;
        assertPredictionBudget({ image: volume, size, binary, reference: referenceRead.volume, ...maxBytes });
        prepared = prepareReference({ image: volume, reference: referenceRead.volume, binary, task, consume: true, ...(label === undefined ? {} : { label }) });
      } else {
        assertPredictionBudget({ image: volume, size, binary, reference: null, ...maxBytes });
      }

      const predict = async (slices: SliceStack): Promise<Float32Array> => {
        const out = new Float32Array(slices.count * size * size);
        const split = { x: slices.data, y: slices.data, count: slices.count };
        await predictBatches({ model, split, height: size, width: size, batchSize: PREDICT_BATCH, visit: (batch) => out.set(batch.prediction, batch.start * size * size) });
        return out;
      };
      const prediction = await predictVolumeSlices({ image: volume, size, normalization, binary, predict });
      warnings.push(...prediction.warnings, ...(prepared?.warnings ?? []));
      const metrics = prepared && scoreAgainstReference({ image: volume, layout: prediction.layout, prediction: prediction.axial, reference: prepared, binary });
      // An image prediction is in the course's target units (a fraction of a target's bright end); with a
      // reference it goes into the file in the reference's own units, which its scale gives back.
      const fileScale = !binary && prepared ? prepared.scale : 1;
      const values = binary
        ? `${task} prediction: 1 = ${descriptor.labels.target} (probability > 0.5), 0 = background`
        : fileScale !== 1
          ? `${task} prediction: ${descriptor.labels.prediction}, in the reference's units (target units × ${formatValue(fileScale, 4)})`
          : `${task} prediction: ${descriptor.labels.prediction}, in target units (1 ≈ the ${TARGET_SCALE_PERCENTILE}th percentile of a target)`;
      if (fileScale !== 1) for (let v = 0; v < prediction.voxels.length; v++) prediction.voxels[v] *= fileScale;
      const bytes = predictionNifti({ dims: volume.dims, affine: volume.affine, data: prediction.voxels }, values);
      return {
        // A new array the caller owns: a worker moves it to the page instead of copying it.
        bytes: handOver(bytes),
        fileName: predictionFileName(image),
        summary: {
          task,
          dims: [...volume.dims],
          spacing: [...volume.spacing],
          orientation: { image: voxelOrientation(volume.affine).codes, reference: referenceOrientation },
          slicesRun: prediction.layout.count,
          size,
          pixelSizeMm: prediction.pixelSizeMm,
          values,
          warnings: [...new Set(warnings)],
          metrics,
          series: { image: imageRead.series, reference: referenceSeriesFound },
        },
      };
    },
  };
}

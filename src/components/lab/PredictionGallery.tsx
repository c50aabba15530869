/**
 * Predictions on fixed validation slices after each epoch: input | prediction | truth, each at least
 * at its native size (128 px for the lessons' slices), with the epoch number and a slider to go back
 * to earlier epochs and watch the prediction sharpen.
 */
import { useMemo, useState } from 'preact/hooks';
import type { Task } from '../../lib/data/types';
import { taskDescriptor, type TaskDescriptor } from '../../lib/tasks';
import type { DisplaySlice } from '../../lib/train/types';
import { percentileRange, toGreyRgba, type RgbaImage } from '../../lib/render';
import ImageCanvas from '../ImageCanvas';
import type { PredictionFrame } from './useTrainingRun';

interface Triptych {
  index: number;
  input: RgbaImage;
  prediction: RgbaImage;
  truth: RgbaImage;
}

function toTriptych(slice: DisplaySlice, task: TaskDescriptor): Triptych {
  const { width, height } = slice;
  // Prediction and truth share one display range (0…1 for masks, the truth's for intensities).
  const outputRange = task.outputRange(slice.target);
  return {
    index: slice.index,
    input: toGreyRgba(slice.input, width, height, percentileRange(slice.input)),
    prediction: toGreyRgba(slice.prediction, width, height, outputRange),
    truth: toGreyRgba(slice.target, width, height, outputRange),
  };
}

export default function PredictionGallery({ frames, task, epochs, idPrefix }: { frames: PredictionFrame[]; task: Task; epochs: number; idPrefix: string }) {
  // null follows the latest epoch; a number is a frame the learner chose.
  const [chosen, setChosen] = useState<number | null>(null);
  const position = chosen === null ? frames.length - 1 : Math.min(chosen, frames.length - 1);
  const frame = frames[position];
  const descriptor = taskDescriptor(task);
  const triptychs = useMemo(() => (frame ? frame.slices.map((s) => toTriptych(s, descriptor)) : []), [frame, descriptor]);
  if (!frame) return null;
  const what = descriptor.labels.prediction;
  const sliderId = `${idPrefix}-gallery-epoch`;
  return (
    <section class="prediction-gallery" aria-label="Predictions on validation slices">
      <h4 class="prediction-gallery__title">Predictions after epoch {frame.epoch + 1} of {epochs}</h4>
      {frames.length > 1 && (
        <div class="field field--range">
          <label for={sliderId}>Show the predictions after epoch</label>
          <div class="prediction-gallery__slider">
            <input id={sliderId} type="range" min={0} max={frames.length - 1} value={position}
              aria-valuetext={`epoch ${frame.epoch + 1}`}
              onInput={(e) => {
                const next = Number((e.currentTarget as HTMLInputElement).value);
                setChosen(next === frames.length - 1 ? null : next);
              }} />
            <output for={sliderId}>{frame.epoch + 1}</output>
          </div>
        </div>
      )}
      <div class="gallery">
        {triptychs.map((t) => (
          <div class="gallery__item" key={t.index}>
            <p class="gallery__caption">Validation slice {t.index + 1}</p>
            <div class="gallery__pictures">
              {([
                ['input', t.input, `Input, validation slice ${t.index + 1}`],
                ['prediction', t.prediction, `${what}, validation slice ${t.index + 1}, epoch ${frame.epoch + 1}`],
                ['truth', t.truth, `Truth, validation slice ${t.index + 1}`],
              ] as const).map(([word, image, label]) => (
                <div class="gallery__picture" key={word}>
                  <ImageCanvas image={image} label={label} caption={false} />
                  {/* A one-word caption under each picture, so it stays with its picture when a narrow screen wraps the row. */}
                  <span class="gallery__legend" aria-hidden="true">{word}</span>
                </div>
              ))}
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}

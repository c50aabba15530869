import { formatCount } from '../format';
import type * as tf from '@tensorflow/tfjs';

/** One row of a model summary, as plain data (it crosses postMessage to the UI). */
export interface SummaryRow {
  name: string;
  /** Layer class, e.g. 'Conv2D', 'Conv2DTranspose', 'ZeroPadding2D', 'Concatenate'. */
  type: string;
  /** [batch, height, width, channels]; batch is null. */
  outputShape: (number | null)[];
  params: number;
  /** Names of the layers feeding this one (empty for the input). */
  connectedTo: string[];
}

/** A model summary like Keras's `model.summary()`, as plain data. */
export interface ModelSummary {
  modelName: string;
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Describes a built model layer by layer in topological order. Reads only; the model stays the caller's. */
export function summarizeModel(model: tf.LayersModel): ModelSummary {
  const rows: SummaryRow[] = model.layers.map((layer) => {
    const shape = layer.outputShape;
    // A layer with several outputs reports a list of shapes; the lesson models have one each.
    const first = (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
    const connectedTo = layer.inboundNodes.flatMap((node) => node.inboundLayers.map((l) => l.name));
    return {
      name: layer.name,
      type: layer.getClassName(),
      outputShape: [...first],
      params: layer.countParams(),
      connectedTo,
    };
  });
  const trainableParams = model.trainableWeights.reduce((sum, w) => sum + sizeOf(w.shape as number[]), 0);
  const totalParams = model.countParams();
  return { modelName: model.name, rows, totalParams, trainableParams, nonTrainableParams: totalParams - trainableParams };
}

export { formatCount };

function formatShape(shape: (number | null)[]): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
}

/** Renders a summary as a fixed-width text table (for the CLI's --summary and logs). */
export function formatSummary(summary: ModelSummary): string {
  const header = ['Layer (type)', 'Output shape', 'Param #', 'Connected to'];
  const body = summary.rows.map((r) => [`${r.name} (${r.type})`, formatShape(r.outputShape), formatCount(r.params), r.connectedTo.join(', ')]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const rule = (ch: string) => ch.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  return [
    `Model: "${summary.modelName}"`,
    rule('_'),
    line(header),
    rule('='),
    ...body.map(line),
    rule('='),
    `Total params: ${formatCount(summary.totalParams)}`,
    `Trainable params: ${formatCount(summary.trainableParams)}`,
    `Non-trainable params: ${formatCount(summary.nonTrainableParams)}`,
    rule('_'),
  ].join('\n');
}

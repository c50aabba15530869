import * as tf from '@tensorflow/tfjs';
import { discDataset, useWasm } from '../tests/unit/train/fitTestData';
import { fit } from '../src/lib/train/fit';
import { buildRunModel } from '../src/lib/train/buildRunModel';
import { createRunConfig, LESSON1_SGD } from '../src/lib/train/runConfig';
import { evaluate } from '../src/lib/train/evaluate';
await useWasm();
const data = discDataset({ size: 16, train: 24, val: 8 });
for (const optimizer of [{ kind: 'adam' as const, learningRate: 3e-3 }, LESSON1_SGD]) {
const config = createRunConfig('segmentation', { height: 16, width: 16, epochs: 10, batchSize: 4, seed: 3, optimizer });
const model = buildRunModel(config);
const before = await evaluate(model, data.test!, 'segmentation', { height: 16, width: 16 });
const t = Date.now();
const r = await fit({ model, dataset: data, config });
const after = await evaluate(model, data.test!, 'segmentation', { height: 16, width: 16 });
console.log(optimizer.kind, Date.now() - t, 'ms', r.history.map((h) => `${h.trainLoss.toFixed(3)}/${h.valLoss.toFixed(3)}/${h.valMetric.toFixed(3)}`).join(' '));
console.log(before.meanHardDice, after.meanHardDice, after.withForeground, after.withoutForeground);
model.dispose();
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Kept models live in IndexedDB; fake-indexeddb provides it (in memory) in Node.
import 'fake-indexeddb/auto';
import { createTrainingClient, type TrainingClient } from '../../../src/client/trainingClient';
import type { Predictions } from '../../../src/lib/engine/protocol';
import { createRunConfig } from '../../../src/lib/tasks';
import { encodeLessonDataset } from '../../../src/lib/data/writeLessonDataset';
import { tinySegmentationDataset } from './tinyDataset';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

// Widgets share the engine's one model: a comparison reads back two kept models in turn and puts
// the first one back, while evaluation, the chooser and a training panel may ask at the same time.
// Each must get the model it expects, never one another widget put in place for a moment.

const nodeCaps = NODE_CAPABILITIES;
const config = createRunConfig('segmentation', { height: 16, width: 16, epochs: 1, batchSize: 2, model: 'plain', seed: 1, displaySlices: [] });
const slices = { split: 'val' as const, indices: [0, 2] };
const key = (tag: string) => `model:turns:${tag}`;

describe('model requests take turns', () => {
  let client: TrainingClient;
  /** Each kept model's predictions on `slices`, made while it was alone in the engine. */
  const reference: Record<string, Float32Array> = {};

  beforeAll(async () => {
    client = createTrainingClient({ wasmPaths: null });
    await client.init({ backend: 'wasm', capabilities: nodeCaps });
    const bytes = await encodeLessonDataset(tinySegmentationDataset());
    await client.loadDataset({ source: { bytes: bytes.slice().buffer }, task: 'segmentation' });
    // Three models from three seeds; C, trained last, is the one in use.
    for (const [tag, seed] of [['A', 11], ['B', 22], ['C', 33]] as const) {
      await client.train({ config: { ...config, seed } }, () => {}).done;
      await client.keepModel({ key: key(tag), tag, dataset: 'tiny.h5' });
      reference[tag] = (await client.predict(slices)).predictions;
    }
    expect(reference.A).not.toEqual(reference.B);
    expect(reference.B).not.toEqual(reference.C);
  });
  afterAll(() => client.dispose());

  it('a comparison predicts with its own models while others ask; they get the model in use, then the chooser’s', async () => {
    const asked: Record<string, Promise<Predictions>> = {};
    let chosen: Promise<unknown> = Promise.resolve();
    const compared = client.withModel(async (calls) => {
      const out: Float32Array[] = [];
      for (const tag of ['A', 'B']) {
        await calls.restoreModel({ key: key(tag), tag });
        if (tag === 'A') {
          // Meanwhile the slice viewer predicts, then the learner chooses B, then evaluation predicts again.
          asked.viewer = client.predict(slices);
          chosen = client.restoreModel({ key: key('B'), tag: 'B' });
          asked.afterChoice = client.predict(slices);
        }
        out.push((await calls.predict(slices)).predictions);
      }
      // Put back the model that was in use before.
      await calls.restoreModel({ key: key('C'), tag: 'C' });
      return out;
    });
    const [a, b] = await compared;
    expect(a).toEqual(reference.A);
    expect(b).toEqual(reference.B);
    expect((await asked.viewer).predictions).toEqual(reference.C);
    await chosen;
    expect((await asked.afterChoice).predictions).toEqual(reference.B);
  });

  it('a run started during a comparison waits for it, and replaces the model only afterwards', async () => {
    await client.restoreModel({ key: key('C'), tag: 'C' });
    let run: ReturnType<TrainingClient['train']> | null = null;
    const predicted = await client.withModel(async (calls) => {
      await calls.restoreModel({ key: key('A'), tag: 'A' });
      run = client.train({ config: { ...config, seed: 44 } }, () => {});
      const first = (await calls.predict(slices)).predictions;
      // An evaluation of the whole split in the same turn sees the same model too.
      const metrics = await calls.evaluate({ split: 'val' });
      return { first, metrics };
    });
    expect(predicted.first).toEqual(reference.A);
    expect(predicted.metrics.count).toBe(3);
    const result = await run!.done;
    expect(result.history).toHaveLength(1);
    // The run's model is in use now: none of the kept ones.
    const after = (await client.predict(slices)).predictions;
    for (const tag of ['A', 'B', 'C']) expect(after).not.toEqual(reference[tag]);
  });
});

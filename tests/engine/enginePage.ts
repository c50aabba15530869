/**
 * The engine test page's script (tests/engine/index.html; bundled by enginePageHarness.ts): start
 * the engine in its worker, load an HDF5 file, train, stop. Not part of the course.
 */
import { createTrainingClient, type TrainingRun } from '../../src/client/trainingClient';
import { toErrorInfo } from '../../src/lib/errors';
import type { BackendPreference } from '../../src/lib/train/backend';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = byId<HTMLParagraphElement>('status');
const log = byId<HTMLOListElement>('log');
const say = (line: string) => {
  const item = document.createElement('li');
  item.textContent = line;
  log.append(item);
};
const fail = (error: unknown) => {
  const info = toErrorInfo(error);
  status.textContent = `Error: ${info.message} ${info.hint}`;
  say(`error: ${info.name}: ${info.message}`);
};

const query = new URLSearchParams(location.search);
const backend = (query.get('backend') ?? 'wasm') as BackendPreference;
const host = query.get('host') === 'main-thread' ? 'main-thread' : 'auto';
const client = createTrainingClient({
  host,
  // The site's worker entry, bundled beside this page (its wasm URLs point at the wasm/ folder here).
  createWorker: () => new Worker(new URL('trainingWorker.js', location.href), { type: 'module', name: 'training-engine' }),
  onLog: (message) => say(`log: ${message}`),
});
let run: TrainingRun | null = null;

byId('start').addEventListener('click', async () => {
  try {
    const report = await client.init({ backend });
    const build = report.wasmMultithreaded === null ? '' : `, threaded build: ${report.wasmMultithreaded ? 'yes' : 'no'}`;
    status.textContent = `Backend: ${report.backend}, host: ${report.host}, threads: ${report.threads}${build}.`;
    say(`init: ${report.backend} (${report.reason})`);
  } catch (error) {
    fail(error);
  }
});

byId<HTMLInputElement>('file').addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (!file) return;
  try {
    const summary = await client.loadDataset({ source: { bytes: await file.arrayBuffer() }, task: 'segmentation', label: file.name });
    const counts = summary.splits.map((s) => `${s.count} ${s.split}`).join(', ');
    status.textContent = `Loaded ${summary.height}×${summary.width}: ${counts}.`;
  } catch (error) {
    fail(error);
  }
});

byId('train').addEventListener('click', async () => {
  const epochs = Number(byId<HTMLInputElement>('epochs').value);
  log.replaceChildren();
  const config = {
    task: 'segmentation' as const, model: 'plain' as const, epochs, batchSize: 2, seed: 1, augment: null,
    height: 16, width: 16, displaySlices: [0], validateEachEpoch: true,
    optimizer: { kind: 'adam' as const, learningRate: 1e-3 },
  };
  run = client.train({ config }, (event) => {
    if (event.type === 'batch-end') say(`batch-end ${event.epoch + 1}.${event.batch + 1} loss ${event.loss.toFixed(4)}`);
    else if (event.type === 'epoch-end') say(`epoch-end ${event.epoch + 1}/${event.epochs} val ${event.valLoss.toFixed(4)}`);
    else if (event.type === 'run-end') say(`run-end ${event.reason}`);
    else say(event.type);
  });
  status.textContent = 'Training…';
  try {
    const result = await run.done;
    status.textContent = `Run ended: ${result.reason}, ${result.history.length} epoch(s).`;
  } catch (error) {
    fail(error);
  }
});

byId('stop').addEventListener('click', () => {
  run?.stop().catch(fail);
});

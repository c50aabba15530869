import { describe, expect, it, vi } from 'vitest';
import { createTrainingClient } from '../../../src/client/trainingClient';
import type { EngineMessage, Request } from '../../../src/lib/engine/protocol';
import type { TrainingEvent } from '../../../src/lib/train/types';
import { createRunConfig } from '../../../src/lib/tasks';
import { toErrorInfo } from '../../../src/lib/errors';
import { NODE_CAPABILITIES } from '../nodeCapabilities';

const caps = NODE_CAPABILITIES;

/** Stands in for the Worker: records what the client posts and lets a test answer or crash. */
class FakeWorker extends EventTarget {
  readonly posted: { request: Request; transfer: Transferable[] }[] = [];
  terminated = false;
  postMessage(request: Request, transfer: Transferable[] = []): void {
    this.posted.push({ request, transfer });
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(message: EngineMessage): void {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }
  crash(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }
  last(): Request {
    return this.posted[this.posted.length - 1].request;
  }
}

/** Lets the client's async steps (capability handling, connecting) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const worker = new FakeWorker();
  const logs: string[] = [];
  const client = createTrainingClient({ host: 'worker', createWorker: () => worker as unknown as Worker, onLog: (m) => logs.push(m) });
  return { worker, client, logs };
}

async function started() {
  const s = setup();
  const init = s.client.init({ backend: 'wasm', capabilities: caps });
  await settle();
  const request = s.worker.last();
  expect(request).toMatchObject({ type: 'init', params: { backend: 'wasm', capabilities: caps } });
  s.worker.reply({ kind: 'result', id: request.id, result: { backend: 'wasm' } as never });
  await init;
  return s;
}

describe('training client over a worker', () => {
  it('routes results by id, events to their run, logs to onLog', async () => {
    const { worker, client, logs } = await started();
    expect(client.host).toBe('worker');
    const events: TrainingEvent[] = [];
    const run = client.train({ config: createRunConfig('segmentation') }, (e) => events.push(e));
    const slices = client.getSlices({ split: 'val', indices: [0] });
    // The run waits its turn with the model (none is taken here), the slices do not wait at all.
    await settle();
    const trainRequest = worker.posted.find((p) => p.request.type === 'train')!.request;
    const sliceRequest = worker.posted.find((p) => p.request.type === 'getSlices')!.request;
    expect(trainRequest).toMatchObject({ type: 'train', id: run.runId });
    worker.reply({ kind: 'log', message: 'hello' });
    worker.reply({ kind: 'event', id: run.runId, event: { type: 'paused', epoch: 0, batch: 1 } });
    worker.reply({ kind: 'result', id: sliceRequest.id, result: { split: 'val' } as never });
    await expect(slices).resolves.toEqual({ split: 'val' });
    worker.reply({ kind: 'error', id: run.runId, error: { name: 'TrainingError', message: 'The loss became NaN.', hint: 'Lower the learning rate.' } });
    const error = await run.done.catch((e: unknown) => e);
    expect(toErrorInfo(error)).toEqual({ name: 'TrainingError', message: 'The loss became NaN.', hint: 'Lower the learning rate.' });
    expect(events).toEqual([{ type: 'paused', epoch: 0, batch: 1 }]);
    expect(logs).toEqual(['hello']);
  });

  it('sends pause, resume and stop for the run it controls, once the run has started', async () => {
    const { worker, client } = await started();
    const run = client.train({ config: createRunConfig('translation') }, () => {});
    void run.pause();
    void run.resume();
    void run.stop();
    await settle();
    // Until its first event the engine may not know the run yet: the controls wait behind it.
    expect(worker.last()).toMatchObject({ type: 'train', id: run.runId });
    worker.reply({ kind: 'event', id: run.runId, event: { type: 'paused', epoch: 0, batch: 0 } });
    await settle();
    expect(worker.posted.slice(-3).map((p) => [p.request.type, p.request.params])).toEqual([
      ['pause', { runId: run.runId }],
      ['resume', { runId: run.runId }],
      ['stop', { runId: run.runId }],
    ]);
  });

  it('transfers dataset bytes instead of copying them', async () => {
    const { worker, client } = await started();
    const bytes = new ArrayBuffer(64);
    void client.loadDataset({ source: { bytes }, task: 'segmentation' });
    const { request, transfer } = worker.posted[worker.posted.length - 1];
    expect(request.type).toBe('loadDataset');
    expect(transfer).toEqual([bytes]);
  });

  it('resolves a relative dataset URL against the page, not the worker script', async () => {
    const { worker, client } = await started();
    vi.stubGlobal('location', { href: 'https://example.test/course/lessons/lungs/' });
    try {
      void client.loadDataset({ source: { url: '../../data/lungs.h5' }, task: 'segmentation' });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(worker.last().params).toEqual({ source: { url: 'https://example.test/course/data/lungs.h5' }, task: 'segmentation' });
  });

  it('rejects pending and later requests with a clear message when the worker crashes', async () => {
    const { worker, client } = await started();
    const run = client.train({ config: createRunConfig('segmentation') }, () => {});
    const slices = client.getSlices({ split: 'train', indices: [0] });
    worker.crash('Out of memory');
    await expect(run.done).rejects.toThrow('The training engine stopped unexpectedly: Out of memory.');
    const error = await slices.catch((e: unknown) => e);
    expect(toErrorInfo(error).name).toBe('EngineCrashed');
    expect(toErrorInfo(error).hint).toMatch(/Reload the page/);
    await expect(client.predict({ split: 'val', indices: [0] })).rejects.toThrow(/stopped unexpectedly/);
    expect(worker.terminated).toBe(true);
  });

  it('reports a worker that fails to load while starting', async () => {
    const { worker, client } = setup();
    const init = client.init({ capabilities: caps });
    await settle();
    worker.crash('');
    await expect(init).rejects.toThrow('The training engine stopped unexpectedly: the worker failed to load or threw an error.');
  });

  it('dispose tells the engine, terminates the worker and refuses later requests', async () => {
    const { worker, client } = await started();
    const disposing = client.dispose();
    await settle();
    const request = worker.last();
    expect(request.type).toBe('dispose');
    worker.reply({ kind: 'result', id: request.id, result: null });
    await disposing;
    expect(worker.terminated).toBe(true);
    const error = await client.getSlices({ split: 'train', indices: [0] }).catch((e: unknown) => e);
    expect(toErrorInfo(error)).toMatchObject({ name: 'ClientDisposed', message: expect.stringMatching(/disposed/) });
    await expect(client.dispose()).resolves.toBeUndefined();
  });

  it('moves a scan\'s file buffers to the worker instead of copying them', async () => {
    const { worker, client } = await started();
    const a = new Uint8Array(8);
    const b = new Uint8Array(4);
    const pending = client.importVolumes({ task: 'segmentation', image: [{ name: 'a.dcm', bytes: a }, { name: 'b.dcm', bytes: b }], target: [{ name: 'm.nii', bytes: a }] });
    const { request, transfer } = worker.posted[worker.posted.length - 1];
    expect(request.type).toBe('importVolumes');
    // Each buffer once, even when two files share it.
    expect(transfer).toEqual([a.buffer, b.buffer]);
    worker.reply({ kind: 'result', id: request.id, result: { bytes: new Uint8Array(1), summary: {} } as never });
    await pending;
  });
});

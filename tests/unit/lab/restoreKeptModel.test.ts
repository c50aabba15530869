import { beforeEach, describe, expect, it, vi } from 'vitest';

// The engine as the page reaches it: one kept model listed, which fails (or succeeds) to be read back.
const client = {
  keptModels: vi.fn(async () => [{ key: 'model:seg:run-1', tag: 'run-1', dataset: 'lung.h5', bytes: 10, savedAt: '2026-12-07' }]),
  restoreModel: vi.fn(async () => undefined as unknown),
};
vi.mock('../../../src/components/lab/page/engineStart', () => ({ getClient: () => client, ensureEngine: async () => ({}) }));

const { keptNotice, restoreKeptModel } = await import('../../../src/components/lab/page/keptModel');
const signals = await import('../../../src/components/lab/page/signals');

function pageWith(label: string): void {
  signals.pageLesson.value = 'seg';
  signals.modelRunId.value = null;
  signals.activeRunId.value = null;
  signals.runs.value = [{ id: 'run-1', label: 'Model B (skips)' } as never];
  signals.dataset.value = { state: 'ready', label, summary: {} as never, url: null } as never;
}

describe('restoreKeptModel', () => {
  beforeEach(() => {
    keptNotice.value = '';
    client.restoreModel.mockReset();
  });

  it('brings back the kept model trained on the loaded data', async () => {
    client.restoreModel.mockResolvedValue(undefined);
    pageWith('lung.h5');
    await restoreKeptModel();
    expect(client.restoreModel).toHaveBeenCalledWith({ key: 'model:seg:run-1', tag: 'run-1' });
    expect(signals.modelRunId.value).toBe('run-1');
    expect(keptNotice.value).toBe('');
  });

  it('says so when the kept model cannot be read back, instead of failing silently', async () => {
    client.restoreModel.mockRejectedValue(new Error('The stored weights are damaged.'));
    pageWith('other.h5');
    // Listed for the file loaded now, so it is tried.
    client.keptModels.mockResolvedValueOnce([{ key: 'model:seg:run-1', tag: 'run-1', dataset: 'other.h5', bytes: 10, savedAt: '2026-12-07' }]);
    await restoreKeptModel();
    expect(signals.modelRunId.value).toBeNull();
    expect(keptNotice.value).toMatch(/^The model kept from “Model B \(skips\)” could not be read back .*The stored weights are damaged\.\); choose another kept model, or train again\.$/);
  });
});

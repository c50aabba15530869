/** The page's one training engine: created on first use, started once, restarted on a backend switch. */
import { createTrainingClient, type EngineReport, type TrainingClient } from '../../../client/trainingClient';
import type { BackendPreference } from '../../../lib/train/backend';
import { asErrorInfo } from './errors';
import { engine } from './signals';
import { BACKEND_KEY, requestedBackend } from './urls';

let client: TrainingClient | null = null;
let starting: Promise<EngineReport> | null = null;

/** The page's training client, created on first use. */
export function getClient(): TrainingClient {
  client ??= createTrainingClient();
  return client;
}

function start(backend: BackendPreference): Promise<EngineReport> {
  engine.value = { state: 'starting' };
  starting = getClient().init({ backend }).then(
    (report) => { engine.value = { state: 'ready', report }; return report; },
    (error: unknown) => { engine.value = { state: 'failed', error: asErrorInfo(error) }; starting = null; throw error; },
  );
  return starting;
}

/** Starts the engine once per page; later calls share the same start. */
export function ensureEngine(backend: BackendPreference = requestedBackend()): Promise<EngineReport> {
  return starting ?? start(backend);
}

/** Switches the backend (the learner's override); the choice is remembered on this device. */
export async function switchBackend(backend: BackendPreference): Promise<EngineReport> {
  localStorage.setItem(BACKEND_KEY, backend);
  return start(backend);
}

import type { BackendPreference } from '../../../lib/train/backend';

/** URL of a data file: one the course ships in public/data/ (e.g. 'own/my-ct.h5'), or an https URL as it is. */
export function dataUrl(file: string): string {
  return /^https:\/\//.test(file) ? file : `${import.meta.env.BASE_URL}data/${file}`;
}

/** The backend the learner (or a test, with ?backend=wasm) asked for; 'auto' otherwise. */
export function requestedBackend(): BackendPreference {
  const fromUrl = new URLSearchParams(location.search).get('backend');
  const stored = localStorage.getItem(BACKEND_KEY);
  const value = fromUrl ?? stored ?? 'auto';
  return (['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const).includes(value as BackendPreference) ? (value as BackendPreference) : 'auto';
}

/** Where the learner's backend choice is remembered on this device. */
export const BACKEND_KEY = 'course:backend';

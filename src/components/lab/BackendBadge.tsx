/**
 * Which backend trains, with how many threads, where the engine runs, and an honest line of what
 * to expect; a small menu overrides the automatic choice (remembered on this device).
 */
import { useState } from 'preact/hooks';
import type { BackendPreference } from '../../lib/train/backend';
import { activeRunId, engine } from './page/signals';
import { asErrorInfo } from './page/errors';
import { switchBackend } from './page/engineStart';
import { useHydrated } from './useHydrated';

const NAMES: Record<string, string> = {
  webgpu: 'WebGPU (graphics card)',
  webgl: 'WebGL (graphics card)',
  wasm: 'WebAssembly (processor)',
  cpu: 'plain JavaScript (processor)',
};

const CHOICES: { value: BackendPreference; label: string }[] = [
  { value: 'auto', label: 'Automatic (fastest that works)' },
  { value: 'wasm', label: 'WebAssembly' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'cpu', label: 'Plain JavaScript (very slow)' },
];

export default function BackendBadge({ idPrefix }: { idPrefix: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  const hydrated = useHydrated();
  const state = hydrated ? engine.value : ({ state: 'idle' } as const);
  const training = hydrated && activeRunId.value !== null;
  const busy = training || state.state === 'starting';
  const report = state.state === 'ready' ? state.report : null;

  const onChange = (event: Event) => {
    const value = (event.currentTarget as HTMLSelectElement).value as BackendPreference;
    setProblem(null);
    switchBackend(value).catch((error: unknown) => setProblem(asErrorInfo(error).message));
  };

  return (
    <div class="backend-badge">
      <p class="backend-badge__line">
        <span class={`badge${report && (report.backend === 'cpu' || report.expectation.includes('software')) ? ' badge--warn' : ''}`}>
          {state.state === 'idle' && 'Training engine not started'}
          {state.state === 'starting' && 'Starting the training engine…'}
          {state.state === 'failed' && 'Training engine failed to start'}
          {report && (
            <>
              Backend: {NAMES[report.backend] ?? report.backend}
              {report.backend === 'wasm' && `, ${report.threads} ${report.threads === 1 ? 'thread' : 'threads'}`}
            </>
          )}
        </span>
      </p>
      {report && <p class="backend-badge__expect">{report.expectation}</p>}
      <details class="backend-badge__details">
        <summary>Backend: why, and change it</summary>
        {report && (
          <>
            <p>{report.reason}</p>
            <p>{report.hostReason}</p>
          </>
        )}
        <label class="field" for={`${idPrefix}-backend`}>
          <span>Train with</span>
          <select id={`${idPrefix}-backend`} value={report?.preferred ?? 'auto'} disabled={busy} onChange={onChange}>
            {CHOICES.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
          </select>
        </label>
        {training && <p class="widget__note">The backend can change when no run is training.</p>}
        {problem && <p class="widget__note" role="alert">{problem}</p>}
      </details>
    </div>
  );
}

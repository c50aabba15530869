/**
 * Which backend trains, on which GPU or with how many threads, where the engine runs, the measured
 * step time and an honest line of what to expect; a small menu overrides the automatic choice
 * (remembered on this device); "Copy diagnostics" puts all of it on the clipboard for a bug report.
 */
import { useEffect, useState } from 'preact/hooks';
import { backendFacts, deviceOf, formatDiagnostics, type StepTime } from '../../client/diagnostics';
import type { BackendPreference } from '../../lib/train/backend';
import type { DeviceSpeed } from '../../lib/plan/deviceSpeed';
import { REFERENCE_BATCH, REFERENCE_SIZE, type StepShape } from '../../lib/plan/stepCost';
import { describeShape, describeStepEstimate, estimateStep, isEstimable } from '../../lib/plan/stepEstimate';
import { deviceSpeed } from './deviceSpeed';
import { measuredStep } from './measuredStep';
import { activeRunId, engine } from './page/signals';
import { asErrorInfo } from './page/errors';
import { getClient, switchBackend } from './page/engineStart';
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

const REFERENCE_SHAPE: StepShape = { model: 'skip', size: REFERENCE_SIZE, batchSize: REFERENCE_BATCH };

/** Writes `text` to the clipboard; false where the browser refuses (no permission, insecure page). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** `shape`: the panel's model, size and batch, whose step the badge estimates (the reference step without it). */
export default function BackendBadge({ idPrefix, shape = REFERENCE_SHAPE }: { idPrefix: string; shape?: StepShape }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [speed, setSpeed] = useState<DeviceSpeed | null>(null);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [fallbackText, setFallbackText] = useState<string | null>(null);
  const [timing, setTiming] = useState(false);
  const hydrated = useHydrated();
  const state = hydrated ? engine.value : ({ state: 'idle' } as const);
  const training = hydrated && activeRunId.value !== null;
  const busy = training || state.state === 'starting';
  const report = state.state === 'ready' ? state.report : null;

  useEffect(() => {
    setSpeed(null);
    if (!report) return;
    let cancelled = false;
    // The same (cached) estimate the training panel's settings come from.
    deviceSpeed(report).then((next) => {
      if (!cancelled) setSpeed(next);
    });
    return () => {
      cancelled = true;
    };
  }, [report]);
  // This panel's own step, calibrated on the steps measured on this page once there are some.
  const estimate = speed && isEstimable(shape) ? estimateStep({ speed, shape, measured: hydrated ? measuredStep.value : null }) : null;
  const step: StepTime | null = estimate ? { msPerStep: estimate.msPerStep, measured: estimate.basis === 'measured', what: describeShape(shape) } : null;

  const onCopy = async () => {
    if (!report) return;
    const generator = document.querySelector('meta[name="generator"]')?.getAttribute('content') ?? undefined;
    const text = formatDiagnostics(report, step, { url: location.href, userAgent: navigator.userAgent, courseVersion: generator && `built with ${generator}` });
    const ok = await copyText(text);
    setCopied(ok ? 'copied' : 'failed');
    // Where the clipboard is refused, show the text to copy by hand.
    setFallbackText(ok ? null : text);
  };
  const device = report ? deviceOf(report) : null;

  // The panels plan with the estimate for this kind of device (the same on every visit); timing a
  // step is the learner's choice, never done behind their back, and never while a run is going.
  const onTime = async () => {
    setTiming(true);
    setProblem(null);
    try {
      // The panel's own step, so that its line reads "Measured here"; every panel scales it to its settings.
      const timed = isEstimable(shape) ? shape : REFERENCE_SHAPE;
      const measured = await getClient().measureSpeed({ model: timed.model, height: timed.size, width: timed.size, batchSize: timed.batchSize, steps: 3 });
      if (report) measuredStep.value = { ...timed, msPerStep: measured.msPerStep, backend: report.backend, threads: report.threads };
    } catch (error) {
      setProblem(asErrorInfo(error).message);
    } finally {
      setTiming(false);
    }
  };

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
              {device !== null && `, ${device}`}
            </>
          )}
        </span>
      </p>
      {report && estimate && <p class="backend-badge__expect" data-testid="step-estimate">{describeStepEstimate(estimate, shape)}</p>}
      {report && <p class="backend-badge__expect">{report.expectation}</p>}
      <details class="backend-badge__details">
        <summary>Backend: why, and change it</summary>
        {report && (
          <>
            <p>{report.reason}</p>
            <p>{report.hostReason}</p>
            <dl class="backend-badge__facts">
              {backendFacts(report, step).map(([term, value]) => (
                <div key={term}>
                  <dt>{term}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
            <p>
              <button type="button" class="button button--quiet" onClick={onTime} disabled={busy || timing}>
                {timing ? 'Timing three training steps…' : 'Time a training step here'}
              </button>{' '}
              <button type="button" class="button button--quiet" onClick={onCopy}>Copy diagnostics</button>{' '}
              <span role="status">
                {copied === 'copied' && 'Copied: paste it into your bug report.'}
                {copied === 'failed' && 'The browser did not allow copying; select the text below.'}
              </span>
            </p>
            {fallbackText !== null && (
              <textarea class="backend-badge__diagnostics" readOnly rows={8} aria-label="Diagnostics" value={fallbackText} />
            )}
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

import { useEffect, useMemo, useState } from 'preact/hooks';
import ImageCanvas from '../../ImageCanvas';
import ErrorAlert from '../../ErrorAlert';
import type { Predictions } from '../../../lib/engine/protocol';
import type { ChannelRanking, KnockedOut, Knockout, ModelAnatomy } from '../../../lib/engine/inspectProtocol';
import type { ErrorInfo } from '../../../lib/errors';
import type { TaskDescriptor, TaskMetrics } from '../../../lib/tasks';
import type { TrainingClient } from '../../../client/trainingClient';
import { asErrorInfo } from '../page/errors';
import { sliceView } from '../predictionImages';
import { withModelCall } from './insideCalls';
import ChannelRankingList from './ChannelRankingList';
import PassProgress, { wasStopped } from './PassProgress';

export interface KnockoutViewProps {
  anatomy: ModelAnatomy;
  prediction: Predictions;
  /** The split's test metrics with nothing switched off. */
  metrics: TaskMetrics;
  descriptor: TaskDescriptor;
}

const VIEW_OPTIONS = { threshold: 0.5, opacity: 0.5 };

/** How a skip connection reads: from which layer into which merge. */
const skipLabel = (from: string, to: string) => `${from} → ${to}`;

/** Switch off skip connections or channels at inference and compare the test numbers and pictures; rank a layer's channels. */
export default function KnockoutView({ anatomy, prediction, metrics, descriptor }: KnockoutViewProps) {
  const index = prediction.indices[0];
  const [skips, setSkips] = useState<string[]>([]);
  const [layer, setLayer] = useState('');
  const [channel, setChannel] = useState('all');
  const [result, setResult] = useState<KnockedOut | null>(null);
  const [ranking, setRanking] = useState<ChannelRanking | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [stopped, setStopped] = useState<string | null>(null);
  const channels = anatomy.layers.find((l) => l.name === layer)?.channels ?? 0;

  const call = async <T,>(what: string, request: (client: TrainingClient) => Promise<T>): Promise<T | null> => {
    setBusy(what);
    setError(null);
    setStopped(null);
    try {
      return await withModelCall(request);
    } catch (e) {
      const info = asErrorInfo(e);
      if (wasStopped(info)) setStopped(info.message); else setError(info);
      return null;
    } finally {
      setBusy(null);
    }
  };

  useEffect(() => setResult(null), [prediction, anatomy]);

  const knockout = (): Knockout => ({
    skips,
    ...(layer ? { channels: { layer, indices: channel === 'all' ? Array.from({ length: channels }, (_, c) => c) : [Number(channel)] } } : {}),
  });
  const apply = () => call('Running the model with the knock-out…', (c) => c.knockOut({ split: prediction.split, index, knockout: knockout() })).then((r) => r && setResult(r));
  const rank = () => call(`Switching off each channel of ${layer} in turn…`, (c) => c.rankChannels({ split: prediction.split, layer })).then((r) => r && setRanking(r));

  const before = useMemo(() => descriptor.summarizeTest(metrics), [metrics, descriptor]);
  const after = useMemo(() => result && descriptor.summarizeTest(result.metrics), [result, descriptor]);
  const pictures = useMemo(() => result && sliceView({ ...prediction, predictions: result.prediction }, 0, descriptor, VIEW_OPTIONS).compact, [result, prediction, descriptor]);
  const own = useMemo(() => sliceView(prediction, 0, descriptor, VIEW_OPTIONS).compact, [prediction, descriptor]);

  return (
    <section class="inside__view" data-testid="knockout" aria-labelledby="inside-ko-title">
      <h4 id="inside-ko-title" class="inside__heading">Knock-outs: switch part of the network off</h4>
      <div class="inside__controls">
        <fieldset>
          <legend>Skip connections</legend>
          {anatomy.skips.length === 0 && <p class="widget__note">This model has no skip connections.</p>}
          {anatomy.skips.map((s, k) => (
            <label class="field field--check" key={s.id}>
              <input type="checkbox" checked={skips.includes(s.id)}
                onChange={(e) => setSkips((e.target as HTMLInputElement).checked ? [...skips, s.id] : skips.filter((id) => id !== s.id))} />
              <span>Switch off {k === anatomy.skips.length - 1 ? 'the last skip' : `skip ${k + 1}`} ({skipLabel(s.from, s.to)})</span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Channels</legend>
          <label class="field"><span>Layer</span>
            <select value={layer} onChange={(e) => { setLayer((e.target as HTMLSelectElement).value); setChannel('all'); setRanking(null); }}>
              <option value="">None</option>
              {anatomy.layers.map((l) => <option key={l.name} value={l.name}>{l.name} ({l.channels} channels)</option>)}
            </select>
          </label>
          {layer && (
            <label class="field"><span>Channel switched off</span>
              <select value={channel} onChange={(e) => setChannel((e.target as HTMLSelectElement).value)}>
                <option value="all">All {channels}</option>
                {Array.from({ length: channels }, (_, c) => <option key={c} value={String(c)}>Channel {c}</option>)}
              </select>
            </label>
          )}
        </fieldset>
      </div>
      <div class="button-row">
        <button type="button" class="button" onClick={apply} disabled={busy !== null || (skips.length === 0 && !layer)}>Run with the knock-out</button>
        <button type="button" class="button button--quiet" onClick={rank} disabled={busy !== null || !layer}>Which channels matter?</button>
      </div>
      {busy && <p class="widget__note" aria-live="polite">{busy}</p>}
      <PassProgress active={busy !== null} />
      {stopped && <p class="widget__note" role="status">{stopped}</p>}
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
      {before && (
        <table class="inside__table" aria-live="polite">
          <caption>The test slices ({before.count}), the model as trained and with the knock-out</caption>
          <thead><tr><th scope="col">Metric</th><th scope="col">Trained</th><th scope="col">Knocked out</th></tr></thead>
          <tbody>
            {before.numbers.map((n, i) => (
              <tr key={n.label}><th scope="row">{n.label}</th><td>{n.text}</td><td data-testid={i === 0 ? 'knockout-metric' : undefined}>{after?.numbers[i]?.text ?? '–'}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="inside__pictures">
        {own.map((p) => <ImageCanvas key={`own-${p.key}`} image={p.image} label={`As trained: ${p.label}`} />)}
        {pictures?.map((p) => <ImageCanvas key={`ko-${p.key}`} image={p.image} label={`Knocked out: ${p.label}`} />)}
      </div>
      {ranking && <ChannelRankingList ranking={ranking} />}
    </section>
  );
}

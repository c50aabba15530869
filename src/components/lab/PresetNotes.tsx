/**
 * What a training panel says about its presets: link parameters it could not use, a preset image size
 * this device does not offer, and which settings the instructor and the link set (with the run's
 * estimated length when they change it).
 */
import type { PanelDefaults, PresetProblem } from '../../course/presetFields';
import { describePreset } from './panelLabels';

export interface PresetNotesProps {
  configPreset: PanelDefaults;
  /** The configuration file the preset came from, as the panel names it. */
  presetSource: string;
  urlPreset: { preset: PanelDefaults; problems: PresetProblem[] };
  /** A preset size the panel refused, and the size it uses instead. */
  refusedSize: number | null;
  size: number;
  /** "3 min 05 s" for a run with the presets, or null when they do not change its length. */
  presetEstimate: string | null;
}

export default function PresetNotes({ configPreset, presetSource, urlPreset, refusedSize, size, presetEstimate }: PresetNotesProps) {
  const fromConfig = Object.keys(configPreset).length > 0;
  const fromUrl = Object.keys(urlPreset.preset).length > 0;
  return (
    <>
      {urlPreset.problems.length > 0 && (
        <div class="callout training-panel__preset-problems" role="status" data-testid="preset-problems">
          <p><strong>Some settings in this page’s link were not used:</strong></p>
          <ul>
            {urlPreset.problems.map((p) => <li key={p.param}><code>{p.param}={p.value}</code>: {p.reason}.</li>)}
          </ul>
          <p>The panel uses its usual value for each of them instead.</p>
        </div>
      )}
      {refusedSize !== null && (
        <p class="callout" role="status" data-testid="preset-size-refused">
          The preset image size {refusedSize}×{refusedSize} is not offered here ({refusedSize > 128 ? '256×256 needs a real GPU and the lesson’s 256² file' : 'the data is smaller'}), so the panel uses {size}×{size}.
        </p>
      )}
      {(fromConfig || fromUrl) && (
        <p class="widget__note training-panel__preset" data-testid="preset-note">
          {fromConfig && <>Set by your instructor in {presetSource}: {describePreset(configPreset)}. </>}
          {fromUrl && <>Set by this page’s link: {describePreset(urlPreset.preset)}. </>}
          {presetEstimate && <>With them a run takes about {presetEstimate} on this device; the estimate below is for the lesson’s own settings.</>}
        </p>
      )}
    </>
  );
}

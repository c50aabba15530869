import { bandOf, GUESS_BANDS, type GuessBand, type ShiftMetric, type ShiftSpec } from '../../../lib/tasks/domainShifts';
import type { ShiftPoint } from '../../../lib/engine/protocol';
import { formatPoint } from './measuredCurves';

export interface ShiftGuessProps {
  idPrefix: string;
  spec: ShiftSpec;
  metric: ShiftMetric;
  guess: GuessBand | null;
  onGuess: (band: GuessBand) => void;
  /** The measured curve of the model shown, once revealed. */
  points: ShiftPoint[] | null;
  disabled: boolean;
}

const wordsOf = (band: GuessBand) => GUESS_BANDS.find((b) => b.band === band)?.words ?? band;

/** The learner's guess before the reveal, and afterwards the guess set against what was measured. */
export default function ShiftGuess({ idPrefix, spec, metric, guess, onGuess, points, disabled }: ShiftGuessProps) {
  const largest = spec.strengths.at(-1)!;
  const at = (s: number) => points?.find((p) => p.strength === s)?.metrics[metric.key];
  const none = at(spec.none);
  const shifted = at(largest);
  const measured = none !== undefined && shifted !== undefined ? bandOf(metric, none, shifted) : null;
  const better = metric.direction === 'higher' ? 'higher' : 'lower';
  return (
    <fieldset class="shift__guess">
      <legend>Guess first: at the largest {spec.label.toLowerCase()} ({formatPoint(largest, spec.digits)}), {metric.label} will be…</legend>
      <div class="shift__choices">
        {GUESS_BANDS.map(({ band, words }) => (
          <label key={band} class="field--check">
            <input type="radio" name={`${idPrefix}-guess`} value={band} checked={guess === band} disabled={disabled || points !== null} onChange={() => onGuess(band)} />
            <span>{words}</span>
          </label>
        ))}
      </div>
      {measured && none !== undefined && shifted !== undefined && (
        <p class={`shift__verdict${guess === measured ? ' is-right' : ''}`}>
          {guess ? <>You guessed <strong>{wordsOf(guess)}</strong>. </> : null}
          Measured: {metric.label} {formatPoint(none, metric.digits)} without the shift, {formatPoint(shifted, metric.digits)} at {formatPoint(largest, spec.digits)}: <strong>{wordsOf(measured)}</strong>
          {guess ? (guess === measured ? ' — as you guessed.' : ' — not what you guessed.') : '.'}
          {' '}({better} is better; “about the same” means a change below {metric.bands.relative ? `${Math.round(metric.bands.small * 100)} %` : metric.bands.small}.)
        </p>
      )}
    </fieldset>
  );
}

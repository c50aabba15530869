/**
 * Registration check of a pair of images of one anatomy: a checkerboard that alternates tiles of
 * the two, or a flicker view that swaps them. Edges that continue across tile borders (or stay
 * put while flickering) mean the two are aligned. Every control is a button or a select.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import ImageCanvas from '../ImageCanvas';
import type { RgbaImage } from '../../lib/render/grey';

export interface RegistrationCheckProps {
  first: RgbaImage;
  second: RgbaImage;
  firstLabel: string;
  secondLabel: string;
  /** Slice number for the text alternative. */
  sliceNumber: number;
  idPrefix: string;
}

type Mode = 'checkerboard' | 'flicker';
const TILES = [4, 8, 16] as const;
const FLICKER_MS = 600;

/** Tiles of `first` and `second` alternating like a chessboard, `tiles` per side. */
export function checkerboard(first: RgbaImage, second: RgbaImage, tiles: number): RgbaImage {
  const { width, height } = first;
  const rgba = new Uint8ClampedArray(first.rgba.length);
  const tw = width / tiles;
  const th = height / tiles;
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const source = (Math.floor(i / tw) + Math.floor(j / th)) % 2 === 0 ? first : second;
      const k = 4 * (j * width + i);
      rgba[k] = source.rgba[k];
      rgba[k + 1] = source.rgba[k + 1];
      rgba[k + 2] = source.rgba[k + 2];
      rgba[k + 3] = 255;
    }
  }
  return { width, height, rgba };
}

export default function RegistrationCheck({ first, second, firstLabel, secondLabel, sliceNumber, idPrefix }: RegistrationCheckProps) {
  const [mode, setMode] = useState<Mode>('checkerboard');
  const [tiles, setTiles] = useState<number>(8);
  const [showSecond, setShowSecond] = useState(false);
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    if (mode !== 'flicker' || !playing) return;
    const timer = setInterval(() => setShowSecond((s) => !s), FLICKER_MS);
    return () => clearInterval(timer);
  }, [mode, playing]);

  const board = useMemo(() => checkerboard(first, second, tiles), [first, second, tiles]);
  const image = mode === 'checkerboard' ? board : showSecond ? second : first;
  const label = mode === 'checkerboard'
    ? `Slice ${sliceNumber}: checkerboard of ${firstLabel} and ${secondLabel}, ${tiles}×${tiles} tiles`
    : `Slice ${sliceNumber}: flicker view, now showing the ${showSecond ? secondLabel : firstLabel}`;

  return (
    <fieldset class="registration-check">
      <legend>Registration check</legend>
      <div class="button-row" role="group" aria-label="View">
        {(['checkerboard', 'flicker'] as const).map((m) => (
          <button key={m} type="button" class={`button ${mode === m ? '' : 'button--quiet'}`} aria-pressed={mode === m}
            onClick={() => { setMode(m); setPlaying(false); }}>{m === 'checkerboard' ? 'Checkerboard' : 'Flicker'}</button>
        ))}
      </div>
      <div class="registration-check__view">
        <ImageCanvas image={image} label={label} class="image-canvas--large" />
      </div>
      {mode === 'checkerboard' ? (
        <label class="field">
          <span>Tiles per side</span>
          <select id={`${idPrefix}-tiles`} value={tiles} onChange={(e) => setTiles(Number((e.target as HTMLSelectElement).value))}>
            {TILES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
      ) : (
        <div class="button-row">
          <button type="button" class="button button--quiet" onClick={() => { setPlaying(false); setShowSecond((s) => !s); }}>
            Show the {showSecond ? firstLabel : secondLabel}
          </button>
          <button type="button" class="button button--quiet" aria-pressed={playing} onClick={() => setPlaying((p) => !p)}>
            {playing ? 'Stop flickering' : 'Flicker automatically'}
          </button>
        </div>
      )}
      <p class="widget__note" aria-live="polite">
        {mode === 'checkerboard'
          ? `Tiles alternate between the ${firstLabel} and the ${secondLabel}. Where the two are registered, the outline and every inner edge run on across tile borders without a step.`
          : `Now showing the ${showSecond ? secondLabel : firstLabel}. Swap back and forth: contrast flips, but nothing should move if the pair is registered.`}
      </p>
    </fieldset>
  );
}

import { useRef } from 'preact/hooks';
import type { JSX } from 'preact';

export interface SliceSliderProps {
  /** 0-based index of the slice shown. */
  index: number;
  count: number;
  onChange: (index: number) => void;
  label: string;
  children?: JSX.Element | JSX.Element[] | null;
}

/**
 * Moves through slices with a slider, arrow/Page/Home/End keys, the mouse wheel and swipes.
 * Shows the slice number from 1, as radiology viewers do.
 */
export default function SliceSlider({ index, count, onChange, label, children }: SliceSliderProps) {
  const touchX = useRef<number | null>(null);
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  const go = (i: number) => { const next = clamp(i); if (next !== index) onChange(next); };
  const onKey = (e: KeyboardEvent) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[e.key];
    if (step !== undefined) { e.preventDefault(); go(index + step); }
    else if (e.key === 'Home') { e.preventDefault(); go(0); }
    else if (e.key === 'End') { e.preventDefault(); go(count - 1); }
  };
  const onWheel = (e: WheelEvent) => {
    if (Math.abs(e.deltaY) < 1) return;
    const next = index + (e.deltaY > 0 ? 1 : -1);
    // At the first or last slice the wheel scrolls the page again instead of being swallowed.
    if (next < 0 || next > count - 1) return;
    e.preventDefault();
    go(next);
  };
  const onTouchStart = (e: TouchEvent) => { touchX.current = e.touches[0]?.clientX ?? null; };
  const onTouchMove = (e: TouchEvent) => {
    const start = touchX.current;
    const x = e.touches[0]?.clientX;
    if (start === null || x === undefined) return;
    if (Math.abs(x - start) > 24) { go(index + (x < start ? 1 : -1)); touchX.current = x; }
  };
  const id = `slice-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div class="slice-slider">
      <div
        class="slice-slider__view"
        tabIndex={0}
        role="group"
        aria-label={`${label}: slice ${index + 1} of ${count}. Use the arrow keys to move.`}
        onKeyDown={onKey}
        onWheel={onWheel}
        onTouchStart={onTouchStart}
        onTouchMove={onTouchMove}
      >
        {children}
      </div>
      <div class="slice-slider__controls">
        <button type="button" class="button button--quiet" onClick={() => go(index - 1)} disabled={index <= 0} aria-label="Previous slice">‹</button>
        <label for={id} class="visually-hidden">{label}</label>
        <input id={id} type="range" min={1} max={Math.max(1, count)} value={index + 1}
          onInput={(e) => go(Number((e.target as HTMLInputElement).value) - 1)} />
        <button type="button" class="button button--quiet" onClick={() => go(index + 1)} disabled={index >= count - 1} aria-label="Next slice">›</button>
        <output for={id} aria-live="off">Slice {index + 1} / {count}</output>
      </div>
    </div>
  );
}

import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import ImageCanvas, { type PixelPoint } from '../../ImageCanvas';
import type { RgbaImage } from '../../../lib/render/grey';

/** An inclusive box of pixels drawn over a picture. */
export interface PixelBox {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface PixelPadProps {
  image: RgbaImage;
  /** What the picture shows and what to do with it (the accessible name). */
  label: string;
  /** The pixel under the pointer or the keyboard cursor; null before the first. */
  cursor: PixelPoint | null;
  onCursor: (point: PixelPoint) => void;
  /** A press, a drag with a button held, or Enter/Space on the cursor's pixel. */
  onPick?: (point: PixelPoint) => void;
  /** Keyboard help shown under the picture. */
  help: string;
  children?: ComponentChildren;
}

/** Percent offsets of a box over a picture of `image`'s size. */
export function boxStyle(box: PixelBox, image: { width: number; height: number }) {
  return {
    left: `${(box.left / image.width) * 100}%`,
    top: `${(box.top / image.height) * 100}%`,
    width: `${((box.right - box.left + 1) / image.width) * 100}%`,
    height: `${((box.bottom - box.top + 1) / image.height) * 100}%`,
  };
}

const KEY_STEPS: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

/**
 * A picture whose pixels can be pointed at with a mouse, a finger or the keyboard: focusing it puts a cursor
 * in the middle, the arrow keys move it (with Shift, eight pixels at a time), Enter or Space picks the pixel.
 */
export default function PixelPad({ image, label, cursor, onCursor, onPick, help, children }: PixelPadProps) {
  const helpId = useId();
  const pointAt = (e: PointerEvent): PixelPoint | null => {
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    if (box.width <= 0 || box.height <= 0) return null;
    const col = Math.floor(((e.clientX - box.left) / box.width) * image.width);
    const row = Math.floor(((e.clientY - box.top) / box.height) * image.height);
    return row >= 0 && col >= 0 && row < image.height && col < image.width ? { row, col } : null;
  };
  const onPointerMove = (e: PointerEvent) => {
    const point = pointAt(e);
    if (!point) return;
    onCursor(point);
    if (e.buttons === 1 && onPick) onPick(point);
  };
  const onPointerDown = (e: PointerEvent) => {
    const point = pointAt(e);
    if (!point) return;
    onCursor(point);
    onPick?.(point);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const here = cursor ?? { row: Math.floor(image.height / 2), col: Math.floor(image.width / 2) };
    const step = KEY_STEPS[e.key];
    if (step) {
      const by = e.shiftKey ? 8 : 1;
      onCursor({
        row: Math.min(image.height - 1, Math.max(0, here.row + step[0] * by)),
        col: Math.min(image.width - 1, Math.max(0, here.col + step[1] * by)),
      });
      e.preventDefault();
    } else if ((e.key === 'Enter' || e.key === ' ') && onPick) {
      onPick(here);
      e.preventDefault();
    }
  };
  const onFocus = () => {
    if (!cursor) onCursor({ row: Math.floor(image.height / 2), col: Math.floor(image.width / 2) });
  };
  return (
    <div class="pixel-pad">
      <div class="pixel-pad__frame" tabIndex={0} role="group" aria-roledescription="pixel picker" aria-label={label} aria-describedby={helpId}
        onKeyDown={onKeyDown} onFocus={onFocus} onPointerMove={onPointerMove} onPointerDown={onPointerDown}>
        <ImageCanvas image={image} label={label} caption={false} />
        {cursor && <span class="pixel-pad__cursor" aria-hidden="true" style={boxStyle({ top: cursor.row, left: cursor.col, bottom: cursor.row, right: cursor.col }, image)} />}
        {children}
      </div>
      <p class="pixel-pad__help" id={helpId}>{help}</p>
    </div>
  );
}

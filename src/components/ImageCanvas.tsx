import { useEffect, useRef } from 'preact/hooks';
import type { RgbaImage } from '../lib/render/grey';

/** A pixel of the picture: row and column from 0. */
export interface PixelPoint {
  row: number;
  col: number;
}

export interface ImageCanvasProps {
  image: RgbaImage | null;
  /** What the picture shows, for screen readers and as the visible caption. */
  label: string;
  caption?: boolean;
  class?: string;
  /** A pixel to mark with a small cross (the explorer's read-out point). */
  marker?: PixelPoint | null;
  /** Called with the pixel under the pointer as it moves over the picture. */
  onPoint?: (point: PixelPoint) => void;
}

/** Draws an RGBA image on a canvas scaled with crisp pixels; the caption doubles as its text alternative. */
export default function ImageCanvas({ image, label, caption = true, class: className, marker, onPoint }: ImageCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas || !image) return;
    canvas.width = image.width;
    canvas.height = image.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const data = new ImageData(new Uint8ClampedArray(image.rgba), image.width, image.height);
    ctx.putImageData(data, 0, 0);
  }, [image]);
  const onPointerMove = onPoint && image
    ? (e: PointerEvent) => {
      const box = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect();
      if (box.width <= 0 || box.height <= 0) return;
      const col = Math.floor(((e.clientX - box.left) / box.width) * image.width);
      const row = Math.floor(((e.clientY - box.top) / box.height) * image.height);
      if (row >= 0 && col >= 0 && row < image.height && col < image.width) onPoint({ row, col });
    }
    : undefined;
  const canvas = <canvas ref={ref} role="img" aria-label={label} width={image?.width ?? 1} height={image?.height ?? 1} onPointerMove={onPointerMove} onPointerDown={onPointerMove} />;
  return (
    <figure class={`image-canvas ${className ?? ''}`}>
      {marker !== undefined ? (
        <div class="image-canvas__frame">
          {canvas}
          {marker && image && (
            <span class="image-canvas__marker" aria-hidden="true"
              style={{ left: `${((marker.col + 0.5) / image.width) * 100}%`, top: `${((marker.row + 0.5) / image.height) * 100}%` }} />
          )}
        </div>
      ) : canvas}
      {caption && <figcaption>{label}</figcaption>}
    </figure>
  );
}

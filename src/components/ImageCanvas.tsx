import { useEffect, useRef } from 'preact/hooks';
import type { RgbaImage } from '../lib/render/grey';

export interface ImageCanvasProps {
  image: RgbaImage | null;
  /** What the picture shows, for screen readers and as the visible caption. */
  label: string;
  caption?: boolean;
  class?: string;
}

/** Draws an RGBA image on a canvas scaled with crisp pixels; the caption doubles as its text alternative. */
export default function ImageCanvas({ image, label, caption = true, class: className }: ImageCanvasProps) {
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
  return (
    <figure class={`image-canvas ${className ?? ''}`}>
      <canvas ref={ref} role="img" aria-label={label} width={image?.width ?? 1} height={image?.height ?? 1} />
      {caption && <figcaption>{label}</figcaption>}
    </figure>
  );
}

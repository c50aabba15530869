import { useState } from 'preact/hooks';
import ImageCanvas, { type PixelPoint } from '../../ImageCanvas';
import type { RgbaImage } from '../../../lib/render/grey';
import type { ModelAnatomy } from '../../../lib/engine/inspectProtocol';
import PixelPad, { boxStyle, type PixelBox } from './PixelPad';

export interface ReceptiveFieldViewProps {
  anatomy: ModelAnatomy;
  input: RgbaImage;
  prediction: RgbaImage;
  /** The prediction picture's name, from the task's words. */
  predictionLabel: string;
}

/** The input pixels output pixel `p` can see, from the anatomy's per-axis intervals. */
export function fieldOf(anatomy: ModelAnatomy, p: PixelPoint): PixelBox | null {
  const top = anatomy.rowStart[p.row];
  const left = anatomy.columnStart[p.col];
  if (top === undefined || left === undefined || top < 0 || left < 0) return null;
  return { top, left, bottom: anatomy.rowEnd[p.row], right: anatomy.columnEnd[p.col] };
}

/** Point at an output pixel (pointer or keyboard); its theoretical receptive field is outlined on the input. */
export default function ReceptiveFieldView({ anatomy, input, prediction, predictionLabel }: ReceptiveFieldViewProps) {
  const [cursor, setCursor] = useState<PixelPoint | null>(null);
  const field = cursor ? fieldOf(anatomy, cursor) : null;
  const rows = field ? field.bottom - field.top + 1 : 0;
  const columns = field ? field.right - field.left + 1 : 0;
  const share = field ? (100 * rows * columns) / (anatomy.height * anatomy.width) : 0;
  return (
    <section class="inside__view" data-testid="receptive-field" aria-labelledby="inside-rf-title">
      <h4 id="inside-rf-title" class="inside__heading">Receptive field: what one output pixel can see</h4>
      <div class="inside__pictures">
        <PixelPad image={prediction} label={`${predictionLabel}: point at an output pixel`} cursor={cursor} onCursor={setCursor}
          help="Hover, or focus and use the arrow keys (Shift: 8 pixels)." />
        <div class="image-canvas__frame inside__framed">
          <ImageCanvas image={input} label={field ? `Input with the receptive field outlined: rows ${field.top + 1}–${field.bottom + 1}, columns ${field.left + 1}–${field.right + 1}` : 'Input'} caption={false} />
          {field && <span class="inside__field" data-testid="receptive-field-outline" aria-hidden="true" style={boxStyle(field, anatomy)} />}
        </div>
      </div>
      <p class="inside__status" aria-live="polite">
        {field && cursor
          ? <>Output pixel (row {cursor.row + 1}, column {cursor.col + 1}) can see input rows {field.top + 1}–{field.bottom + 1} and columns {field.left + 1}–{field.right + 1}: {rows}×{columns} pixels, {share.toFixed(0)} % of the image.</>
          : <>Point at a pixel of the prediction to outline the input pixels it can depend on.</>}
      </p>
    </section>
  );
}

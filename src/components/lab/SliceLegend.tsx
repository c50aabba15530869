/** The legend of a task's slice pictures: colour swatches, and a colour bar in absolute units when the task draws one. */
import { toCss } from '../../lib/render';
import { formatValue, type SliceView } from '../../lib/tasks';

export default function SliceLegend({ view }: { view: Pick<SliceView, 'legend' | 'scale'> }) {
  const { legend, scale } = view;
  return (
    <>
      {legend.length > 0 && (
        <p class="widget__note">
          {legend.map((entry, i) => (
            <span key={entry.label}>{i > 0 && ' '}<span class="legend-entry"><span class="legend-swatch" style={{ background: toCss(entry.colour) }} />{entry.label}</span></span>
          ))}
        </p>
      )}
      {scale && (
        <figure class="colour-bar">
          <div class="colour-bar__ramp" role="img" aria-label={`Colour scale: ${scale.label}, from ${formatValue(scale.min, 2)} (dark) to ${formatValue(scale.max, 2)} or more (bright)`}
            style={{ background: `linear-gradient(to right, ${scale.stops.map((c) => toCss(c)).join(', ')})` }} />
          <div class="colour-bar__axis" aria-hidden="true"><span>{formatValue(scale.min, 2)}</span><span>≥ {formatValue(scale.max, 2)}</span></div>
          <figcaption>{scale.label}</figcaption>
        </figure>
      )}
    </>
  );
}

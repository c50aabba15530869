import { useMemo } from 'preact/hooks';
import ImageCanvas from '../../ImageCanvas';
import type { ShiftExample } from '../../../lib/engine/protocol';
import { toGreyRgba } from '../../../lib/render/grey';
import type { TaskDescriptor } from '../../../lib/tasks';
import type { ShiftSpec } from '../../../lib/tasks/domainShifts';
import { formatPoint } from './measuredCurves';

/** One test slice before and after the shift (drawn with the same grey scale, so a change of brightness shows) and the model's output on the shifted slice. */
export default function ShiftExampleView({ example, spec, descriptor }: { example: ShiftExample; spec: ShiftSpec; descriptor: TaskDescriptor }) {
  const pictures = useMemo(() => {
    const { width, height } = example;
    const range = descriptor.inputRange(example.before);
    const view = descriptor.renderSlice({ width, height, input: example.after, target: example.target, output: example.prediction }, { threshold: 0.5, opacity: 0.5 });
    return [
      { key: 'before', image: toGreyRgba(example.before, width, height, range), label: `Test slice ${example.index + 1} as stored` },
      { key: 'after', image: toGreyRgba(example.after, width, height, range), label: `After the shift: ${spec.label.toLowerCase()} ${formatPoint(example.strength, spec.digits)}` },
      ...view.compact.map((p) => ({ ...p, label: `${p.label} (on the shifted slice)` })),
    ];
  }, [example, spec, descriptor]);
  return (
    <div class="image-row shift__images">
      {pictures.map((p) => <ImageCanvas key={p.key} image={p.image} label={p.label} class="image-canvas--small" />)}
    </div>
  );
}

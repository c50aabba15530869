import type { ChannelRanking } from '../../../lib/engine/inspectProtocol';

/** How much worse the number gets with a channel off (positive: worse), by the metric's direction. */
export function harmOf(ranking: ChannelRanking, value: number): number {
  return ranking.direction === 'higher' ? ranking.baseline - value : value - ranking.baseline;
}

const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toPrecision(2)}`;

/** "Which channels matter": a layer's channels, the one whose loss hurts most first. */
export default function ChannelRankingList({ ranking }: { ranking: ChannelRanking }) {
  const order = ranking.values.map((value, channel) => ({ channel, value, harm: harmOf(ranking, value) })).sort((a, b) => b.harm - a.harm);
  const unused = order.filter((o) => Math.abs(o.harm) < 1e-6).length;
  return (
    <div class="inside__ranking">
      <p>
        {ranking.label.replace(/, all \d+ test slices$/, '')} on {ranking.indices.length} test slices: {ranking.baseline.toFixed(4)} as trained.
        With each channel of <code>{ranking.layer}</code> switched off in turn (worst first; the change is how much worse):
        {unused > 0 && ` ${unused} channel${unused === 1 ? ' changes' : 's change'} nothing.`}
      </p>
      <ol class="inside__ranking-list">
        {order.map((o) => <li key={o.channel}>Channel {o.channel}: {o.value.toFixed(4)} (worse by {signed(o.harm)})</li>)}
      </ol>
    </div>
  );
}

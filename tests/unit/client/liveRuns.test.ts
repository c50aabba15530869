import { afterEach, describe, expect, it } from 'vitest';
import { createLiveRuns, type LiveRuns, type LiveRunsEnvironment } from '../../../src/client/liveRuns';

// Two registries stand for two tabs of the same origin: they share Node's LockManager, or a
// BroadcastChannel name, as tabs share the browser's.

const channels: BroadcastChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) channel.close();
});

const environments: Array<[string, () => LiveRunsEnvironment]> = [
  ['Web Locks', () => ({ locks: navigator.locks })],
  ['a BroadcastChannel, where Web Locks are missing', () => ({
    answerWithinMs: 100,
    openChannel: (name) => {
      const channel = new BroadcastChannel(name);
      channels.push(channel);
      return channel;
    },
  })],
];

/** Resolves when `watchEnd` calls back, or with 'still live' after `ms`. */
function ended(tab: LiveRuns, key: string, ms = 300): Promise<'ended' | 'still live'> {
  return new Promise((resolve) => {
    const stop = tab.watchEnd(key, () => resolve('ended'));
    setTimeout(() => {
      stop();
      resolve('still live');
    }, ms);
  });
}

describe.each(environments)('live runs across tabs with %s', (_, environment) => {
  it('another tab sees a run as live while it is held, and learns when it ends', async () => {
    const key = `panel-${Math.random()}`;
    const first = createLiveRuns(environment());
    const second = createLiveRuns(environment());
    expect(await second.isLiveElsewhere(key)).toBe(false);
    const release = first.hold(key);
    expect(await second.isLiveElsewhere(key)).toBe(true);
    // The tab that holds the run does not count itself; other keys are not live.
    expect(await first.isLiveElsewhere(key)).toBe(false);
    expect(await second.isLiveElsewhere(`${key}-other`)).toBe(false);
    expect(await ended(second, key)).toBe('still live');
    const watching = ended(second, key, 2000);
    release();
    expect(await watching).toBe('ended');
    expect(await second.isLiveElsewhere(key)).toBe(false);
    // Releasing twice changes nothing.
    release();
    expect(await second.isLiveElsewhere(key)).toBe(false);
  });

});

describe('live runs, per mechanism', () => {
  it('Web Locks: watching a run that already ended calls back at once', async () => {
    const tab = createLiveRuns({ locks: navigator.locks });
    expect(await ended(tab, `panel-${Math.random()}`)).toBe('ended');
  });

  it('BroadcastChannel: a tab that goes away (pagehide) tells the others its run ended', async () => {
    const key = `panel-${Math.random()}`;
    const hide: Array<() => void> = [];
    const first = createLiveRuns({ ...environments[1][1](), onPageHide: (listener) => hide.push(listener) });
    const second = createLiveRuns(environments[1][1]());
    first.hold(key);
    expect(await second.isLiveElsewhere(key)).toBe(true);
    const watching = ended(second, key, 2000);
    for (const listener of hide) listener();
    expect(await watching).toBe('ended');
  });
});

describe('live runs without Web Locks or BroadcastChannel', () => {
  it('knows of no other tab', async () => {
    const tab = createLiveRuns({});
    tab.hold('panel')();
    expect(await tab.isLiveElsewhere('panel')).toBe(false);
  });
});

/**
 * Which panel runs are training now in some tab of this browser. Every tab's engine keeps its
 * checkpoints in the same IndexedDB, one per panel, so a second tab on a lesson finds the first
 * tab's checkpoint too: it must not take a run that is still training for an unfinished one.
 *
 * A tab holds a Web Lock named after the panel's checkpoint key for as long as its run is live; the
 * browser releases it when the run ends or the tab goes away, and any tab can see it held. Where
 * Web Locks are missing, tabs ask each other over a BroadcastChannel instead (a tab that crashes
 * cannot say that its run ended; one that closes says so on pagehide).
 */

export interface LiveRuns {
  /** Marks the run kept under `key` as live in this tab; call the returned function when it ends. */
  hold(key: string): () => void;
  /** Whether the run kept under `key` is live in another tab (false for one this tab holds). */
  isLiveElsewhere(key: string): Promise<boolean>;
  /** Calls `onEnded` once when the run under `key` stops being live in another tab; returns a function that stops watching. */
  watchEnd(key: string, onEnded: () => void): () => void;
}

/** What the registry uses of the browser; tests pass their own. */
export interface LiveRunsEnvironment {
  /** navigator.locks where the browser has it. */
  locks?: LockManager;
  /** Opens the channel tabs use where Web Locks are missing. */
  openChannel?: (name: string) => BroadcastChannel;
  /** How long a tab waits for the others to answer over the channel (default 300 ms). */
  answerWithinMs?: number;
  /** Registers a listener for the page going away (pagehide), so the channel can say its runs ended. */
  onPageHide?: (listener: () => void) => void;
}

const LOCK_PREFIX = 'dl-medical-course:live-run:';
const CHANNEL_NAME = 'dl-medical-course:live-runs';

type ChannelMessage = { type: 'ask' | 'live' | 'ended'; key: string };

/** Creates the registry: Web Locks where given, else a BroadcastChannel, else one that knows of no other tab. */
export function createLiveRuns(env: LiveRunsEnvironment): LiveRuns {
  if (env.locks) return lockRegistry(env.locks);
  if (env.openChannel) return channelRegistry(env.openChannel(CHANNEL_NAME), env);
  return { hold: () => () => undefined, isLiveElsewhere: async () => false, watchEnd: () => () => undefined };
}

/** Counts this tab's holds per key (a run and its resumption may overlap for a moment). */
function localHolds() {
  const counts = new Map<string, number>();
  return {
    has: (key: string) => (counts.get(key) ?? 0) > 0,
    keys: () => [...counts.keys()],
    add: (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1),
    remove(key: string) {
      const left = (counts.get(key) ?? 1) - 1;
      if (left > 0) counts.set(key, left);
      else counts.delete(key);
    },
  };
}

function lockRegistry(locks: LockManager): LiveRuns {
  const local = localHolds();
  return {
    hold(key) {
      let release = () => undefined as void;
      const live = new Promise<void>((resolve) => (release = resolve));
      local.add(key);
      // The lock is held until `live` settles; the browser drops it when the tab goes away.
      locks.request(LOCK_PREFIX + key, { mode: 'exclusive' }, () => live).catch(() => undefined);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        local.remove(key);
        release();
      };
    },
    async isLiveElsewhere(key) {
      if (local.has(key)) return false;
      const { held = [], pending = [] } = await locks.query();
      // A pending exclusive request is a run that started while another tab still held the key: live too.
      return [...held, ...pending].some((lock) => lock.name === LOCK_PREFIX + key && lock.mode === 'exclusive');
    },
    watchEnd(key, onEnded) {
      const stop = new AbortController();
      // A shared request is granted once no tab holds the run's lock; it is given back at once.
      locks.request(LOCK_PREFIX + key, { mode: 'shared', signal: stop.signal }, () => undefined).then(
        () => { if (!stop.signal.aborted) onEnded(); },
        () => undefined, // stopped watching
      );
      return () => stop.abort();
    },
  };
}

function channelRegistry(channel: BroadcastChannel, env: LiveRunsEnvironment): LiveRuns {
  const local = localHolds();
  const waiting = new Map<string, Set<() => void>>();
  const ended = new Map<string, Set<() => void>>();
  const post = (message: ChannelMessage) => channel.postMessage(message);
  const call = (listeners: Map<string, Set<() => void>>, key: string) => {
    for (const listener of [...(listeners.get(key) ?? [])]) listener();
  };
  const listen = (listeners: Map<string, Set<() => void>>, key: string, listener: () => void) => {
    const set = listeners.get(key) ?? new Set();
    listeners.set(key, set.add(listener));
    return () => void set.delete(listener);
  };
  channel.addEventListener('message', (event: MessageEvent<ChannelMessage>) => {
    const { type, key } = event.data ?? {};
    if (typeof key !== 'string') return;
    if (type === 'ask' && local.has(key)) post({ type: 'live', key });
    if (type === 'live') call(waiting, key);
    if (type === 'ended') call(ended, key);
  });
  env.onPageHide?.(() => {
    for (const key of local.keys()) post({ type: 'ended', key });
  });
  return {
    hold(key) {
      local.add(key);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        local.remove(key);
        if (!local.has(key)) post({ type: 'ended', key });
      };
    },
    isLiveElsewhere(key) {
      if (local.has(key)) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        const answer = (live: boolean) => {
          clearTimeout(timer);
          unlisten();
          resolve(live);
        };
        const unlisten = listen(waiting, key, () => answer(true));
        const timer = setTimeout(() => answer(false), env.answerWithinMs ?? 300);
        post({ type: 'ask', key });
      });
    },
    watchEnd(key, onEnded) {
      const unlisten = listen(ended, key, () => {
        unlisten();
        onEnded();
      });
      return unlisten;
    },
  };
}

let pageRegistry: LiveRuns | null = null;

/** This page's registry, made on first use from what the browser offers. */
export function liveRuns(): LiveRuns {
  pageRegistry ??= createLiveRuns({
    locks: typeof navigator !== 'undefined' ? navigator.locks : undefined,
    openChannel: typeof BroadcastChannel === 'undefined' ? undefined : (name) => new BroadcastChannel(name),
    onPageHide: typeof addEventListener === 'undefined' ? undefined : (listener) => addEventListener('pagehide', listener),
  });
  return pageRegistry;
}

import type { WasmPaths } from '../lib/train/backend';
import type { EngineHost, EngineMessage, Request } from '../lib/engine/protocol';

/** What a connection reports to the client. */
export interface ConnectionListeners {
  onMessage(message: EngineMessage): void;
  /** The engine is gone (worker error, unreadable message); `detail` says what the browser reported. */
  onCrash(detail: string): void;
}

/** A channel to the training engine, wherever it runs. */
export interface EngineConnection {
  readonly host: EngineHost;
  send(request: Request, transfer: Transferable[]): void;
  /** Ends the engine (terminates the worker); no message arrives afterwards. */
  close(): void;
}

/** Connects to the engine in a Web Worker made by `createWorker` (throws if the worker cannot be created). */
export function connectWorker(createWorker: () => Worker, listeners: ConnectionListeners): EngineConnection {
  const worker = createWorker();
  let open = true;
  worker.addEventListener('message', (event: MessageEvent<EngineMessage>) => {
    if (open) listeners.onMessage(event.data);
  });
  worker.addEventListener('error', (event: ErrorEvent) => {
    // Without preventDefault the browser also logs it as an uncaught error; the client reports it instead.
    event.preventDefault();
    if (open) listeners.onCrash(event.message || 'the worker failed to load or threw an error');
  });
  worker.addEventListener('messageerror', () => {
    if (open) listeners.onCrash('a message from the worker could not be read');
  });
  return {
    host: 'worker',
    send(request, transfer) {
      worker.postMessage(request, transfer);
    },
    close() {
      open = false;
      worker.terminate();
    },
  };
}

/**
 * Runs the same engine on the page's thread (no worker): for browsers without workers or where a
 * worker cannot host the chosen backend. Replies are delivered asynchronously, in order, as from a
 * worker. Loads the heavy engine code on first use.
 */
export async function connectMainThread(wasmPaths: WasmPaths | undefined, listeners: ConnectionListeners): Promise<EngineConnection> {
  const [{ createEngine }, { createDispatcher }] = await Promise.all([import('../lib/engine/engine'), import('../lib/engine/dispatcher')]);
  let open = true;
  const post = (message: EngineMessage) => {
    queueMicrotask(() => {
      if (open) listeners.onMessage(message);
    });
  };
  const dispatch = createDispatcher(createEngine({ wasmPaths, log: (message) => post({ kind: 'log', message }) }), post);
  return {
    host: 'main-thread',
    send(request) {
      void dispatch(request);
    },
    close() {
      open = false;
    },
  };
}

import { SettingsError, toErrorInfo } from '../errors';
import type { EngineApi, EngineMessage, Request } from './protocol';
import { transferablesOf } from './transfer';

/** Sends a message back to the page: postMessage in a worker, a queued call on the main thread. */
export type PostMessage = (message: EngineMessage, transfer?: Transferable[]) => void;

/**
 * Turns request messages into engine calls and their outcomes into messages: exactly one 'result'
 * or 'error' per request, and a 'train' request's events before its result. Never rejects.
 */
export function createDispatcher(engine: EngineApi, post: PostMessage): (request: Request) => Promise<void> {
  return async (request) => {
    const { id, type } = request;
    try {
      if (!Object.hasOwn(engine, type)) {
        throw new SettingsError(`Unknown request type '${String(type)}'.`, 'The page and the training worker come from different builds: reload the page.');
      }
      const call = engine[type] as (params: unknown, context: { requestId: number; onEvent?: unknown }) => Promise<unknown>;
      const onEvent = type === 'train' ? (event: unknown) => post({ kind: 'event', id, event } as EngineMessage) : undefined;
      const result = await call(request.params, { requestId: id, onEvent });
      post({ kind: 'result', id, result } as EngineMessage, transferablesOf(result));
    } catch (error) {
      post({ kind: 'error', id, error: toErrorInfo(error) });
    }
  };
}

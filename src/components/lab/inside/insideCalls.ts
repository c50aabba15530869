import type { TrainingClient } from '../../../client/trainingClient';
import { getClient } from '../page/engineStart';

/**
 * Runs look-inside requests with the engine's current model to themselves: the page's other widgets (a
 * chooser restoring another model, a run starting) wait until they have been answered.
 */
export function withModelCall<T>(request: (client: TrainingClient) => Promise<T>): Promise<T> {
  const client = getClient();
  // The look-inside requests are not in the client's model queue themselves, so calling them inside withModel does not wait on it.
  return client.withModel(() => request(client));
}

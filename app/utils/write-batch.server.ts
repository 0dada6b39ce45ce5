import { getDb, queueWrite } from "~db/client.server";

/**
 * Runs `work` (synchronous, writing to the app's database) with the other writes of this turn of
 * the event loop, in one transaction: for the small, frequent writes the server answers before
 * Remix. Resolves once the batch has committed.
 */
export function inWriteBatch<T>(work: () => T): Promise<T> {
  return queueWrite(getDb(), work);
}

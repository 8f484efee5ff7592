/**
 * Exponential backoff with "equal jitter": half the capped delay is fixed, half random, so a fleet of gateways
 * that lost ejabberd together does not hammer it in lockstep when it returns.
 */
export function reconnectDelay(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const capped = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(capped / 2 + (capped / 2) * random());
}

import type { Publisher } from './publisher.js';

/**
 * A publisher whose outgoing effect never carries a configured secret: the payload is redacted before
 * delivery (a row queued before the secret was configured, text a service gave back), and so is the
 * reason of a failed delivery before the worker stores it, logs it or tells the leads.
 */
export function redactingPublisher(inner: Publisher, redact: <T>(value: T) => T, redactText: (text: string) => string): Publisher {
  return {
    destination: inner.destination,
    targets: (audience) => inner.targets(audience),
    async deliver(effect) {
      const outcome = await inner.deliver({ ...effect, payload: redact(effect.payload) });
      return outcome.kind === 'delivered' ? outcome : { ...outcome, reason: redactText(outcome.reason) };
    },
  };
}

import { SubscribeMessage } from '@nestjs/websockets';
import type { ClientRequestName, WebAcknowledgement } from '@chat/web-protocol';

/** A handler of request N: whatever it takes, it acknowledges with what the protocol says N answers, or a refusal. */
type RequestHandler<N extends ClientRequestName> = (...args: never[]) => WebAcknowledgement<N> | Promise<WebAcknowledgement<N>>;

/**
 * `@SubscribeMessage` for a request of the web protocol (libs/web-protocol): a handler whose answer does not match
 * what the protocol promises for that request, or a name the protocol does not have, does not compile.
 */
export function OnRequest<N extends ClientRequestName>(name: N) {
  return <H extends RequestHandler<N>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<H>): void => {
    SubscribeMessage(name)(target, key, descriptor);
  };
}

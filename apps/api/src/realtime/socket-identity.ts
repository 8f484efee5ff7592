import type { Socket } from 'socket.io';
import type { WebIdentity } from '@chat/auth';

/** The identity the handshake middleware verified, stored on the socket. */
export function socketIdentity(socket: Socket): WebIdentity {
  const identity = (socket.data as { identity?: WebIdentity }).identity;
  if (!identity) throw new Error('socket was not authenticated');
  return identity;
}

import { accessToken } from './tokens';

/** Every way a request may come without a valid token, for authorization matrices. */
export const BAD_CREDENTIALS: Array<[what: string, token: () => Promise<string | undefined>]> = [
  ['no token', async () => undefined],
  ['an expired token', async () => accessToken('alice', { expiresIn: Math.floor(Date.now() / 1000) - 60 })],
  ['a token signed with another key', async () => accessToken('alice', { secret: 'another-secret-another-secret-another' })],
  [
    'alg none',
    async () =>
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'alice', iss: 'chat-backbone-dev', aud: 'chat-backbone', exp: 9e9 })).toString('base64url')}.`,
  ],
];

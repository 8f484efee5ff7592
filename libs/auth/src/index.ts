export { AccessTokenVerifier, AuthenticationError, type WebIdentity } from './access-token.verifier';
export { AuthModule } from './auth.module';

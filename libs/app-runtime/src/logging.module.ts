import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import type { BaseEnv } from '@chat/config';

/** Paths pino replaces with "[redacted]": credentials must never reach the logs. */
export const REDACTED_LOG_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.query.token', '*.password', '*.secret', '*.token', '*.accessToken'];

/** Structured JSON logs (pino) for an app, with its name on every line. */
export function loggingModule(app: string) {
  return LoggerModule.forRootAsync({
    inject: [ConfigService],
    useFactory: (config: ConfigService<BaseEnv, true>) => ({
      pinoHttp: {
        level: config.get('LOG_LEVEL', { infer: true }),
        base: { app },
        redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
        autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
      },
    }),
  });
}

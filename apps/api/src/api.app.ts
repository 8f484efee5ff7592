import type { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Redis } from 'ioredis';
import { createApp } from '@chat/app-runtime';
import type { ApiEnv } from '@chat/config';
import { RedisIoAdapter } from '@chat/realtime';
import { REDIS_CLIENT } from '@chat/redis';
import { ApiModule } from './api.module';
import { ErrorAnswerSchema } from './openapi/answer-schemas';
import { openApiSchema } from './openapi/openapi-schema';
import { ApiErrorsFilter } from './requests/api-errors.filter';

export async function createApiApp(): Promise<INestApplication> {
  const app = await createApp(ApiModule);
  const config = app.get<ConfigService<ApiEnv, true>>(ConfigService);
  const origins = config.get('CORS_ORIGINS', { infer: true });
  // No framework banner: it tells a scanner which exploits to try and tells a client nothing.
  app.useGlobalFilters(new ApiErrorsFilter());
  app.enableCors({ origin: origins, credentials: true });
  app.useWebSocketAdapter(new RedisIoAdapter(app, app.get<Redis>(REDIS_CLIENT), origins));
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('chat-backbone API')
      .setDescription('Chat, presence and archives of ejabberd for intranet web users')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  // Every refusal of every operation points here (see ApiContract).
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorAnswer: openApiSchema(ErrorAnswerSchema, 'output') } };
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
  return app;
}

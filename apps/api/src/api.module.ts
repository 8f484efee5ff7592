import { Module } from '@nestjs/common';
import { loggingModule } from '@chat/app-runtime';
import { AuthModule } from '@chat/auth';
import { apiEnvSchema, appConfigModule } from '@chat/config';
import { HealthModule, MongoReadiness, RedisReadiness } from '@chat/health';
import { PersistenceModule } from '@chat/persistence';
import { RedisModule } from '@chat/redis';
import { BearerTokenGuard } from './auth/bearer-token.guard';
import { PresenceBadges } from './presence/presence-badges.service';
import { PresenceController } from './presence/presence.controller';
import { WebChatGateway } from './realtime/web-chat.gateway';

/** REST and Socket.IO for web users. */
@Module({
  imports: [
    appConfigModule(apiEnvSchema),
    loggingModule('api'),
    RedisModule,
    PersistenceModule,
    AuthModule,
    HealthModule.register([MongoReadiness, RedisReadiness]),
  ],
  controllers: [PresenceController],
  providers: [WebChatGateway, PresenceBadges, BearerTokenGuard],
})
export class ApiModule {}

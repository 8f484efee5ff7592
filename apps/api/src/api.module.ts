import { Module } from '@nestjs/common';
import { ConditionalModule } from '@nestjs/config';
import { loggingModule } from '@chat/app-runtime';
import { AuthModule } from '@chat/auth';
import { apiEnvSchema, appConfigModule } from '@chat/config';
import { HealthModule, MongoReadiness, RedisReadiness } from '@chat/health';
import { PersistenceModule } from '@chat/persistence';
import { JournalModule } from '@chat/journal';
import { QueueConsumersModule, QueuesModule } from '@chat/queues';
import { RedisModule } from '@chat/redis';
import { EjabberdAdminModule } from '@chat/xmpp';
import { BearerTokenGuard } from './auth/bearer-token.guard';
import { PresenceBadges } from './presence/presence-badges.service';
import { ConversationAccess } from './access/conversation-access';
import { RoomMembership } from './conversations/room-membership.service';
import { DemoTokenModule } from './demo/demo-token.controller';
import { ConversationReader } from './conversations/conversation-reader.service';
import { ActivitiesController } from './conversations/activities.controller';
import { ConversationsController } from './conversations/conversations.controller';
import { RateLimits } from './limits/rate-limits';
import { PresenceController } from './presence/presence.controller';
import { WebPresence } from './presence/web-presence.service';
import { MessageSearch } from './search/message-search.service';
import { SearchController } from './search/search.controller';
import { WebSender } from './sending/web-sender.service';
import { WebChatGateway } from './realtime/web-chat.gateway';
import { WidgetModule } from './widget/widget.module';

/** REST and Socket.IO for web users. */
@Module({
  imports: [
    appConfigModule(apiEnvSchema),
    loggingModule('api'),
    RedisModule,
    PersistenceModule,
    AuthModule,
    QueuesModule,
    // Produces only: a consumer added here by mistake stops the api at start.
    QueueConsumersModule.forQueues([]),
    JournalModule,
    EjabberdAdminModule,
    HealthModule.register([MongoReadiness, RedisReadiness]),
    WidgetModule,
    // Validated as enabled|disabled with the rest of the configuration; production refuses enabled.
    ConditionalModule.registerWhen(DemoTokenModule, (env) => env.DEMO_TOKEN_ISSUER === 'enabled', { debug: false }),
  ],
  controllers: [PresenceController, ConversationsController, ActivitiesController, SearchController],
  providers: [WebChatGateway, PresenceBadges, BearerTokenGuard, ConversationAccess, ConversationReader, WebSender, MessageSearch, RateLimits, WebPresence, RoomMembership],
})
export class ApiModule {}

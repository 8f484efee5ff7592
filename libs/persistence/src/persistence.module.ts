import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import type { BaseEnv } from '@chat/config';
import { MESSAGE_SEARCH_INDEX } from '@chat/domain';
import { ActivityRepository } from './activity/activity.repository';
import { ActivityDocument, ActivitySchema } from './activity/activity.schema';
import { ConversationRepository } from './conversation/conversation.repository';
import { ConversationDocument, ConversationMemberDocument, ConversationMemberSchema, ConversationSchema } from './conversation/conversation.schema';
import { ArchiveSearchIndex } from './message/archive-search-index';
import { ArchivedMessageDocument, ArchivedMessageSchema } from './message/archived-message.schema';
import { MessageArchive } from './message/message-archive.repository';
import { PresenceDocument, PresenceSchema } from './presence/presence.schema';
import { PresenceRepository } from './presence/presence.repository';
import { WaitingEdits } from './waiting-edit/waiting-edit.repository';
import { WaitingEditDocument, WaitingEditSchema } from './waiting-edit/waiting-edit.schema';

const repositories = [ActivityRepository, ConversationRepository, MessageArchive, PresenceRepository, WaitingEdits];

/**
 * MongoDB access: the connection and one repository per aggregate, and search (MESSAGE_SEARCH_INDEX) served by the
 * archive's term arrays; the connection is exported for readiness checks only.
 */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<BaseEnv, true>) => ({
        uri: config.get('MONGO_URL', { infer: true }),
        dbName: config.get('MONGO_DB', { infer: true }),
        serverSelectionTimeoutMS: 5000,
        // Index creation at boot keeps the unique keys the exactly-once guarantees rely on in place.
        autoIndex: true,
      }),
    }),
    MongooseModule.forFeature([
      { name: ActivityDocument.name, schema: ActivitySchema },
      { name: ArchivedMessageDocument.name, schema: ArchivedMessageSchema },
      { name: ConversationDocument.name, schema: ConversationSchema },
      { name: ConversationMemberDocument.name, schema: ConversationMemberSchema },
      { name: PresenceDocument.name, schema: PresenceSchema },
      { name: WaitingEditDocument.name, schema: WaitingEditSchema },
    ]),
  ],
  providers: [...repositories, { provide: MESSAGE_SEARCH_INDEX, useClass: ArchiveSearchIndex }],
  exports: [...repositories, MESSAGE_SEARCH_INDEX, MongooseModule],
})
export class PersistenceModule {}

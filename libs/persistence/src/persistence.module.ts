import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import type { BaseEnv } from '@chat/config';
import { ActivityRepository } from './activity/activity.repository';
import { ActivityDocument, ActivitySchema } from './activity/activity.schema';

/** MongoDB access: the connection and one repository per aggregate; nothing outside this lib touches mongoose. */
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
    MongooseModule.forFeature([{ name: ActivityDocument.name, schema: ActivitySchema }]),
  ],
  providers: [ActivityRepository],
  exports: [ActivityRepository, MongooseModule],
})
export class PersistenceModule {}

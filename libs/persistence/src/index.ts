export { ActivityRepository } from './activity/activity.repository';
export { PersistenceModule } from './persistence.module';

import { type DynamicModule, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness-check';

@Module({})
export class HealthModule {
  /** GET /health/live and /health/ready, the latter running the given checks. */
  static register(checks: Type<ReadinessCheck>[], imports: ModuleMetadata['imports'] = []): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), ...imports],
      controllers: [HealthController],
      providers: [...checks, { provide: READINESS_CHECKS, inject: checks, useFactory: (...all: ReadinessCheck[]) => all }],
    };
  }
}

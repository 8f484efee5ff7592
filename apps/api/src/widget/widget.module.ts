import { Module } from '@nestjs/common';
import { WidgetController } from './widget.controller';

/** Serves the built chat widget (apps/widget) to intranet pages. */
@Module({ controllers: [WidgetController] })
export class WidgetModule {}

import { Module } from '@nestjs/common';
import { XmppComponentConnection } from './xmpp-component.connection';

@Module({ providers: [XmppComponentConnection], exports: [XmppComponentConnection] })
export class XmppModule {}

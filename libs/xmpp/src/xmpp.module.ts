import { Module } from '@nestjs/common';
import { EjabberdAdminApi } from './ejabberd-admin.api';
import { XmppComponentConnection } from './xmpp-component.connection';

@Module({ providers: [XmppComponentConnection, EjabberdAdminApi], exports: [XmppComponentConnection, EjabberdAdminApi] })
export class XmppModule {}

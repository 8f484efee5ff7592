import { Module } from '@nestjs/common';
import { EjabberdAdminApi } from './ejabberd-admin.api';
import { XmppComponentConnection } from './xmpp-component.connection';

/** ejabberd's HTTP API alone, for apps that are not the component. */
@Module({ providers: [EjabberdAdminApi], exports: [EjabberdAdminApi] })
export class EjabberdAdminModule {}

/** The component link and the HTTP API: the gateway's view of ejabberd. */
@Module({ imports: [EjabberdAdminModule], providers: [XmppComponentConnection], exports: [XmppComponentConnection, EjabberdAdminModule] })
export class XmppModule {}

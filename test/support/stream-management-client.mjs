// A phone-like XMPP client in its own process, so a test can kill it hard (SIGKILL: no </stream>, no unavailable
// presence, the kernel closes the socket) or cut its connection and resume later. @xmpp/client 0.14 enables
// stream management with resumption (XEP-0198 §3, <enable resume="true"/>) whenever the server offers it.
// Prints one JSON line per event on stdout. Arguments: service domain user password resource.
//   SIGUSR1: cut the connection without closing the stream (a lost network); the server keeps the session waiting.
//   SIGUSR2: reconnect and resume the session (XEP-0198 §5).
import { client, xml } from '@xmpp/client';

const [service, domain, username, password, resource] = process.argv.slice(2);
const say = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);
const xmpp = client({ service, domain, username, password, resource });
// Reconnecting is the test's decision (SIGUSR2), never xmpp.js's own timer.
xmpp.reconnect.delay = 2 ** 31 - 1;
xmpp.on('error', () => undefined);
xmpp.streamManagement.on('resumed', () => say({ event: 'resumed' }));

await xmpp.start();
// The server's <enabled/> arrives after the session is online; xmpp.js raises no event for it.
for (const deadline = Date.now() + 5000; !xmpp.streamManagement.enabled && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 20));
await xmpp.send(xml('presence'));
say({ event: 'online', jid: String(xmpp.jid), streamManagement: { enabled: xmpp.streamManagement.enabled, id: xmpp.streamManagement.id } });

process.on('SIGUSR1', () => {
  xmpp.socket?.destroy();
  say({ event: 'cut' });
});
process.on('SIGUSR2', () => {
  xmpp.reconnect.reconnect().catch((error) => say({ event: 'resume-failed', reason: error.message }));
});
setInterval(() => undefined, 60_000);

/** The benchmark's knobs (see socket-connections.ts), read alike by the driver and the client processes. */
export const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';
export const RUN = process.env.BENCH_SOCKETS_RUN ?? Date.now().toString(36);
export const STEPS = (process.env.BENCH_SOCKET_STEPS ?? '500,1000,2000,4000,8000,12000,16000,20000').split(',').map(Number);
export const MAX_SOCKETS = Number(process.env.BENCH_MAX_SOCKETS ?? 20_000);
export const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 15);
export const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 3);
export const GRACE_SECONDS = Number(process.env.BENCH_GRACE_SECONDS ?? 5);
export const P99_LIMIT_MS = Number(process.env.BENCH_P99_LIMIT_MS ?? 200);
export const WATCHED_USERS = Number(process.env.BENCH_WATCHED_USERS ?? 100);
export const WATCH_PER_SOCKET = Math.min(WATCHED_USERS, Number(process.env.BENCH_WATCH_PER_SOCKET ?? 5));
export const PRESENCE_RATE = Number(process.env.BENCH_PRESENCE_RATE ?? 5);
export const CLIENT_PROCESSES = Number(process.env.BENCH_CLIENT_PROCESSES ?? 2);
export const CONNECT_CONCURRENCY = Number(process.env.BENCH_CONNECT_CONCURRENCY ?? 100);
/** File descriptors the api keeps free for its own use (Redis, MongoDB, logs, the listener) beyond the sockets. */
export const FD_RESERVE = 200;

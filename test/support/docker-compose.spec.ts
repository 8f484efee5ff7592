import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { apiEnvSchema, gatewayEnvSchema, parseEnv, workerEnvSchema } from '@chat/config';
import { REPO_ROOT } from './stack';

// docker-compose.yml cannot be run here (no Docker engine, no compose plugin), so this reads it as compose would:
// YAML with merge keys, then ${NAME}, ${NAME:-default} and ${NAME:?message} filled from the environment given.

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
}

const SECRETS = { XMPP_COMPONENT_SECRET: 'a-compose-component-secret', AUTH_JWT_SECRET: 'a-compose-jwt-secret-0123456789abcdef' };
const SCHEMAS = { gateway: gatewayEnvSchema, api: apiEnvSchema, worker: workerEnvSchema };

function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (whole, name: string, op?: string, arg?: string) => {
    if (whole === '$$') return '$';
    const value = env[name];
    if (value !== undefined && !(op?.startsWith(':') && value === '')) return value;
    if (op?.endsWith('?')) throw new Error(`compose refuses to start: ${name}: ${arg}`);
    return op ? (arg ?? '') : '';
  });
}

function interpolateAll<T>(node: T, env: Record<string, string>): T {
  if (typeof node === 'string') return interpolate(node, env) as T;
  if (Array.isArray(node)) return node.map((item) => interpolateAll(item, env)) as T;
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateAll(value, env)])) as T;
  }
  return node;
}

function compose(env: Record<string, string>): Record<string, Service> {
  const parsed = load(readFileSync(resolve(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { schema: CORE_SCHEMA.withTags(mergeTag) }) as {
    services: Record<string, Service>;
  };
  return interpolateAll(parsed.services, env);
}

/** The app a service runs (dist/apps/<app>/src/main.js), if it runs one. */
const appOf = (service: Service) => service.command?.join(' ').match(/dist\/apps\/(\w+)\/src\/main\.js/)?.[1];

/** host path → container path of a service's bind mounts. */
const mounts = (service: Service) => new Map((service.volumes ?? []).filter((v) => v.startsWith('./')).map((v) => v.split(':').slice(0, 2) as [string, string]));

describe.each([
  ['the documented defaults', { ...SECRETS }],
  ['passwords of its own', { ...SECRETS, POSTGRES_PASSWORD: 'su-pw', EJABBERD_SQL_PASSWORD: 'ej-pw.1', ARCHIVE_READER_PASSWORD: 'reader-pw_2' }],
])('docker-compose.yml with %s', (_, env: Record<string, string>) => {
  const services = compose(env);
  const postgres = services.postgres;
  const ejabberd = services.ejabberd;
  const gateways = Object.entries(services).filter(([, service]) => appOf(service) === 'gateway');

  it("gives every app an environment its schema and production's checks accept", () => {
    const apps = Object.values(services).filter(appOf);
    expect(apps.map(appOf).sort()).toEqual(['api', 'gateway', 'gateway', 'worker']);
    for (const service of apps) {
      expect(() => parseEnv(SCHEMAS[appOf(service) as keyof typeof SCHEMAS], service.environment ?? {})).not.toThrow();
    }
  });

  it('runs two gateways alike but for their instance id and HTTP port, each published on its own port', () => {
    expect(gateways.map(([name]) => name)).toEqual(['gateway-a', 'gateway-b']);
    const [a, b] = gateways.map(([, service]) => service);
    expect(a.environment?.GATEWAY_INSTANCE_ID).toBe('gateway-a');
    expect(b.environment?.GATEWAY_INSTANCE_ID).toBe('gateway-b');
    const { GATEWAY_INSTANCE_ID: _a, HTTP_PORT: portA, ...restA } = a.environment ?? {};
    const { GATEWAY_INSTANCE_ID: _b, HTTP_PORT: portB, ...restB } = b.environment ?? {};
    expect(restB).toEqual(restA);
    expect({ ...b, environment: undefined, ports: undefined }).toEqual({ ...a, environment: undefined, ports: undefined });
    expect(a.ports).toEqual([`${portA}:${portA}`]);
    expect(b.ports).toEqual([`${portB}:${portB}`]);
    const published = Object.values(services).flatMap((s) => (s.ports ?? []).map((p) => p.split(':')[0]));
    expect(new Set(published).size).toBe(published.length);
  });

  it("has the gateways read ejabberd's archive on the postgres service as chat_reader, once it is healthy", () => {
    for (const [, gateway] of gateways) {
      const archive = new URL(gateway.environment?.EJABBERD_ARCHIVE_URL ?? 'postgres://unset');
      expect(archive.protocol).toBe('postgres:');
      expect(archive.hostname).toBe('postgres');
      expect(archive.port).toBe('5432');
      expect(archive.username).toBe('chat_reader');
      expect(archive.password).toBe(postgres.environment?.ARCHIVE_READER_PASSWORD);
      expect(archive.pathname).toBe(`/${ejabberd.environment?.CHAT_EJABBERD_SQL_DATABASE}`);
      expect(gateway.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, ejabberd: { condition: 'service_healthy' } });
    }
  });

  it("has ejabberd archive to the postgres service as its owner role, once it is healthy, through render-config.sh's macros", () => {
    expect(ejabberd.environment).toMatchObject({
      CHAT_EJABBERD_SQL_SERVER: 'postgres',
      CHAT_EJABBERD_SQL_PORT: '5432',
      CHAT_EJABBERD_SQL_DATABASE: 'ejabberd',
      CHAT_EJABBERD_SQL_USERNAME: 'ejabberd',
      CHAT_EJABBERD_SQL_PASSWORD: postgres.environment?.EJABBERD_SQL_PASSWORD,
    });
    expect(ejabberd.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
    const renderConfig = readFileSync(resolve(REPO_ROOT, 'deploy/ejabberd/render-config.sh'), 'utf8');
    const macros = renderConfig.match(/^for macro in (.+); do$/m)?.[1].split(' ') ?? [];
    const used = Object.keys(ejabberd.environment ?? {})
      .filter((k) => k.startsWith('CHAT_EJABBERD_'))
      .map((k) => k.slice('CHAT_EJABBERD_'.length));
    expect(macros).toEqual(expect.arrayContaining(used));
    // render-config.sh only quotes values of its own alphabet into ejabberd.yml.
    expect(ejabberd.environment?.CHAT_EJABBERD_SQL_PASSWORD).toMatch(/^[A-Za-z0-9._:@+/=-]+$/);
  });

  it('initialises the official postgres image with deploy/ejabberd/archive.sql through the init script', () => {
    expect(postgres.image).toMatch(/^postgres:\d+/);
    const bound = mounts(postgres);
    expect(bound.get('./deploy/postgres/init-ejabberd-archive.sh')).toBe('/docker-entrypoint-initdb.d/init-ejabberd-archive.sh');
    expect(bound.get('./deploy/ejabberd/archive.sql')).toBe(postgres.environment?.ARCHIVE_SQL);
    for (const host of bound.keys()) expect(existsSync(resolve(REPO_ROOT, host))).toBe(true);
    expect(postgres.environment).toEqual(expect.objectContaining({ EJABBERD_SQL_PASSWORD: expect.any(String), ARCHIVE_READER_PASSWORD: expect.any(String) }));
    // The image's temporary server (while init scripts run) listens on its socket only: over TCP, healthy means initialised.
    expect(postgres.healthcheck?.test).toEqual(expect.arrayContaining(['pg_isready', '-h', '127.0.0.1']));
  });
});

it('docker-compose.yml refuses to start without the two secrets', () => {
  expect(() => compose({ AUTH_JWT_SECRET: SECRETS.AUTH_JWT_SECRET })).toThrow('XMPP_COMPONENT_SECRET');
  expect(() => compose({ XMPP_COMPONENT_SECRET: SECRETS.XMPP_COMPONENT_SECRET })).toThrow('AUTH_JWT_SECRET');
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments, parse } from 'yaml';
import { parseConfig } from '../../src/config/load';

const ROOT = join(__dirname, '..', '..');
const DEPLOY = join(ROOT, 'deploy');
const run = promisify(execFile);
/** `systemd-analyze security --threshold`: the unit's exposure may not pass 2.0 of 10. */
const MAX_EXPOSURE = 20;

/** Exit code, stdout and stderr of a command; never throws on a non-zero exit. */
async function exec(
  file: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
) {
  try {
    const { stdout, stderr } = await run(file, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number | string; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => pattern.test(name))
    .map((name) => join(dir, name));
}

/** Every `${NAME}` a gateway.yaml takes from the environment, each with a dummy value. */
function dummyEnv(yaml: string): Record<string, string> {
  const names = [...yaml.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((match) => match[1]);
  return Object.fromEntries(names.map((name) => [name, dummyValue(name)]));
}

function dummyValue(name: string): string {
  if (name.endsWith('_URL')) return 'redis://127.0.0.1:6379';
  return `dummy-${name.toLowerCase()}-0123456789`;
}

const read = (path: string) => readFileSync(join(DEPLOY, path), 'utf8');

describe('deploy/', () => {
  it.each(files(DEPLOY, /\.ya?ml$/).map((path) => [relative(ROOT, path)]))(
    '%s parses as YAML',
    (path) => {
      const documents = parseAllDocuments(readFileSync(join(ROOT, path), 'utf8'), { merge: true });
      for (const document of [documents].flat()) expect(document.errors).toEqual([]);
    },
  );

  it.each(['compose/gateway.yaml', 'systemd/gateway.yaml'])(
    '%s passes check-config with its variables set',
    async (path) => {
      const text = read(path);
      expect(() => parseConfig(text, path, dummyEnv(text))).not.toThrow();
      const checked = await exec('node', ['dist/cli.js', 'check-config', join(DEPLOY, path)], {
        env: { ...dummyEnv(text), PATH: process.env.PATH },
      });
      expect(checked).toMatchObject({ code: 0, stderr: '' });
    },
  );

  describe('kubernetes/mwgate.yaml', () => {
    const documents = parseAllDocuments(read('kubernetes/mwgate.yaml'));
    const byKind = new Map<string, any>([documents].flat().map((d) => [d.toJS().kind, d.toJS()]));
    const deployment = byKind.get('Deployment');
    const pod = deployment?.spec.template.spec;
    const container = pod?.containers[0];
    const gatewayYaml: string = byKind.get('ConfigMap')?.data['gateway.yaml'] ?? '';
    const config = parseConfig(gatewayYaml, 'configmap', byKind.get('Secret')?.stringData ?? {});

    it('has a Secret, a ConfigMap, a Deployment and a Service', () => {
      expect([...byKind.keys()].sort()).toEqual(['ConfigMap', 'Deployment', 'Secret', 'Service']);
    });

    it('holds a gateway.yaml that passes check-config with the Secret as its environment', () => {
      expect(config.apiKeys.length).toBeGreaterThan(0);
      expect(Object.keys(dummyEnv(gatewayYaml)).sort()).toEqual(
        Object.keys(byKind.get('Secret').stringData).sort(),
      );
    });

    it('runs as a non-root user on a read-only root file system without privileges', () => {
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: expect.any(Number),
      });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.envFrom).toEqual([{ secretRef: { name: 'mwgate' } }]);
    });

    it('probes /readyz and /healthz on the admin port the config listens on', () => {
      const admin = container.ports.find((port: any) => port.name === 'admin');
      expect(admin.containerPort).toBe(config.admin.port);
      expect(config.admin.host).toBe('0.0.0.0');
      expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'admin' });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'admin' });
    });

    it('exposes only the public listener in the Service', () => {
      const service = byKind.get('Service');
      expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
      expect(service.spec.ports.map((port: any) => port.targetPort)).toEqual(['http']);
    });
  });

  describe('compose.yaml', () => {
    const compose = parse(read('compose.yaml'), { merge: true });
    const gatewayYaml = read('compose/gateway.yaml');

    it('runs the official MediaWiki image, Redis and two gateway replicas', () => {
      const services = compose.services;
      expect(services.mediawiki.image).toMatch(/^mediawiki:1\.39/);
      expect(services.redis.image).toMatch(/^redis:/);
      for (const name of ['gateway-1', 'gateway-2']) {
        expect(services[name].volumes).toContain(
          './compose/gateway.yaml:/etc/mwgate/gateway.yaml:ro',
        );
        expect(services[name].read_only).toBe(true);
        expect(Object.keys(services[name].environment)).toEqual(
          expect.arrayContaining(Object.keys(dummyEnv(gatewayYaml))),
        );
      }
    });

    it('publishes no port of the wiki: it is reachable only through a gateway', () => {
      expect(compose.services.mediawiki.ports).toBeUndefined();
      expect(compose.networks.back.internal).toBe(true);
    });
  });

  it('has a systemd unit that systemd-analyze verify accepts and rates OK', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mwgate-unit-'));
    try {
      writeFileSync(join(dir, 'mwgate.service'), read('systemd/mwgate.service'));
      const verified = await exec('systemd-analyze', ['verify', join(dir, 'mwgate.service')]);
      expect(verified).toMatchObject({ code: 0, stderr: '' });

      // Exposure on systemd's 0-10 scale, times ten: at most 2.0, "OK".
      const args = ['security', '--offline=yes', `--threshold=${MAX_EXPOSURE}`, 'mwgate.service'];
      const rated = await exec('systemd-analyze', args, { cwd: dir });
      expect(rated.code).toBe(0);
      expect(rated.stdout).toMatch(/Overall exposure level for mwgate\.service: [01]\.\d OK/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    'NoNewPrivileges=yes',
    'ProtectSystem=strict',
    'PrivateTmp=yes',
    'CapabilityBoundingSet=\n',
    'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX',
    'DynamicUser=yes',
    'ExecReload=/bin/kill -HUP $MAINPID',
  ])('hardens the systemd unit: %j', (line) => {
    expect(read('systemd/mwgate.service')).toContain(line);
  });

  it('has an nginx site that nginx -t accepts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mwgate-nginx-'));
    try {
      const cert = await exec('openssl', [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=wiki.example.org',
        '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      ]); // prettier-ignore
      expect(cert.code).toBe(0);
      const site = read('nginx/mwgate.conf')
        .replace('/etc/ssl/mwgate/fullchain.pem', join(dir, 'cert.pem'))
        .replace('/etc/ssl/mwgate/privkey.pem', join(dir, 'key.pem'));
      writeFileSync(join(dir, 'site.conf'), site);
      const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
        .map((kind) => `${kind}_temp_path ${join(dir, kind)};`)
        .join(' ');
      writeFileSync(
        join(dir, 'nginx.conf'),
        `pid ${dir}/nginx.pid; error_log ${dir}/error.log;\nevents {}\n` +
          `http { access_log off; ${temp} include ${dir}/site.conf; }\n`,
      );
      const tested = await exec('nginx', [
        '-t',
        '-c',
        join(dir, 'nginx.conf'),
        '-p',
        dir,
        '-e',
        join(dir, 'error.log'),
      ]);
      expect(tested.code).toBe(0);
      expect(tested.stderr).toContain('test is successful');
      expect(tested.stderr).not.toMatch(/\[warn\]|\[emerg\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has a LocalSettings snippet that PHP parses and that trusts the gateway', async () => {
    const linted = await exec('php', [
      '-l',
      join(DEPLOY, 'mediawiki', 'LocalSettings.gateway.php'),
    ]);
    expect(linted.code).toBe(0);
    expect(read('mediawiki/LocalSettings.gateway.php')).toMatch(/^\$wgCdnServersNoPurge = /m);
  });

  // TODO(#5): build and run the image where a container engine exists; this
  // machine has none, so the Dockerfile's commands are run with the local dist.
  describe('Dockerfile', () => {
    const dockerfile = read('Dockerfile');
    const instruction = (name: string) =>
      JSON.parse(
        new RegExp(`^${name} (\\[.*\\])$`, 'm').exec(dockerfile)?.[1] ?? 'null',
      ) as string[];
    const entrypoint = instruction('ENTRYPOINT');
    const healthcheck = instruction('  CMD');

    it('builds in two stages and runs production dependencies as a non-root user', () => {
      expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
      const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
      expect(runtime).toContain('npm ci --omit=dev');
      expect(runtime).toMatch(/^USER (?!root|0\b)\S+$/m);
      expect(runtime).toMatch(/^HEALTHCHECK /m);
    });

    it('starts with an entry command that runs the built dist', async () => {
      const [file, ...args] = entrypoint;
      const version = await exec(file, [...args, '--version']);
      expect(version).toMatchObject({
        code: 0,
        stdout: `${require('../../package.json').version}\n`,
      });

      const config = read('compose/gateway.yaml');
      const check = [...args, 'check-config', join(DEPLOY, 'compose', 'gateway.yaml')];
      const checked = await exec(file, check, {
        env: { ...dummyEnv(config), PATH: process.env.PATH },
      });
      expect(checked).toMatchObject({ code: 0, stderr: '' });
    });

    it('has a healthcheck that node runs against the admin port: 0 when healthy, 1 when not', async () => {
      const admin = createServer((req, res) => {
        res.statusCode = req.url === '/healthz' ? 200 : 404;
        res.end();
      });
      await new Promise<void>((resolve) => admin.listen(0, '127.0.0.1', resolve));
      const port = String((admin.address() as AddressInfo).port);
      const [file, ...args] = healthcheck;
      const env = { PATH: process.env.PATH, MWGATE_ADMIN_PORT: port };

      expect((await exec(file, args, { env })).code).toBe(0);
      await new Promise((resolve) => admin.close(resolve));
      expect((await exec(file, args, { env })).code).toBe(1);
    });
  });
});

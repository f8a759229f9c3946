import { createServer, type Server } from 'node:http';
import type { Metrics } from '../observability/metrics';
import { sendJson } from './respond';

export interface AdminDeps {
  /** True when the config is loaded and every service account is logged in. */
  readonly ready: () => boolean;
  readonly metrics: Metrics;
}

/** The admin listener: health, readiness and metrics, never on the public port. */
export function createAdminServer(deps: AdminDeps): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
    } else if (path === '/readyz') {
      const ready = deps.ready();
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
    } else if (path === '/metrics') {
      deps.metrics.render().then(
        (text) => {
          res.writeHead(200, { 'content-type': deps.metrics.contentType });
          res.end(text);
        },
        () => sendJson(res, 500, { message: 'metrics failed' }),
      );
    } else {
      sendJson(res, 404, { message: 'not found' });
    }
  });
}

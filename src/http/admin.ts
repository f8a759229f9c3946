import { createServer, type Server } from 'node:http';
import type { Metrics } from '../observability/metrics';
import { sendJson } from './respond';

export interface AdminDeps {
  /** True when the config is loaded and every service account is logged in. */
  readonly ready: () => boolean;
  /** Why not ready, one line each, shown by /readyz. */
  readonly notReadyReasons?: () => readonly string[];
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
      if (ready) sendJson(res, 200, { status: 'ready' });
      else sendJson(res, 503, { status: 'not ready', reasons: deps.notReadyReasons?.() ?? [] });
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

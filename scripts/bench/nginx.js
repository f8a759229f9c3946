'use strict';
/** nginx `proxy_pass` with upstream keep-alive, one process, run as a child of the benchmark. */
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const UPSTREAM_KEEPALIVE = 64;

/**
 * Writes a config into `dir` and returns the command that runs nginx in the
 * foreground as a single process (no master), so that its pid is the one
 * that does the work.
 */
function nginxCommand(dir, port, targetPort) {
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'tmp')};
  proxy_temp_path ${join(dir, 'tmp')};
  upstream wiki { server 127.0.0.1:${targetPort}; keepalive ${UPSTREAM_KEEPALIVE}; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://wiki;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
  );
  return { command: 'nginx', args: ['-e', join(dir, 'error.log'), '-p', dir, '-c', conf] };
}

module.exports = { nginxCommand };

'use strict';
/**
 * The baseline row: http-proxy with a keep-alive agent, configured as the
 * gateway's http-proxy engine is, and nothing else.
 *
 * Usage: node bare-proxy.js PORT TARGET
 */
const { Agent, createServer } = require('node:http');
const httpProxy = require('http-proxy');

const MAX_FREE_SOCKETS = 64;
const agent = new Agent({ keepAlive: true, maxFreeSockets: MAX_FREE_SOCKETS });
const proxy = httpProxy.createProxyServer({ target: process.argv[3], agent, xfwd: false });
proxy.on('error', (_error, _req, res) => {
  res.writeHead(502);
  res.end();
});

const server = createServer((req, res) => proxy.web(req, res));
server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[2]), '127.0.0.1');

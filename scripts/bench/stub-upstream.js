'use strict';
/**
 * The benchmark's wiki: answers every request at once with a small fixed JSON
 * body, and lets the gateway's service accounts log in the way MediaWiki does
 * (login token, then action=login), so that the gateway becomes ready.
 *
 * Usage: node stub-upstream.js PORT
 */
const { createServer } = require('node:http');

const ANSWER = JSON.stringify({
  batchcomplete: true,
  query: { searchinfo: { totalhits: 1 }, search: [{ ns: 0, title: 'Gateway test', pageid: 1 }] },
});
const LOGIN_TOKEN = JSON.stringify({ query: { tokens: { logintoken: 'bench+\\' } } });
const LOGGED_IN = JSON.stringify({ login: { result: 'Success' } });
const USER_INFO = JSON.stringify({ query: { userinfo: { id: 1, name: 'Bench' } } });

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (req.method === 'POST') {
    // Only the gateway's own login POSTs here; drain the body, then log it in.
    req.resume();
    req.on('end', () => {
      res.setHeader('set-cookie', ['bench_session=s1; path=/; HttpOnly']);
      send(res, LOGGED_IN);
    });
    return;
  }
  if (url.includes('type=login')) send(res, LOGIN_TOKEN);
  else if (url.includes('meta=userinfo')) send(res, USER_INFO);
  else send(res, ANSWER);
});

function send(res, body) {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[2]), '127.0.0.1');

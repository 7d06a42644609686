// The HTTP server of the session benchmark, run as its own process so that it never shares an event
// loop with the client being measured. Every request gets the same answer: 200 with an
// X-Request-Id, an X-RateLimit-Remaining and a small JSON body.
//
//   node bench/servers/http-server.js
//   → prints {"port":N} once listening on 127.0.0.1 (port 0: any free port); stdin closing stops it.

import { createServer } from 'node:http';

const body = Buffer.from('[{"id":7,"name":"bolt","count":3}]');
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length, 'X-Request-Id': 'r-1', 'X-RateLimit-Remaining': '99' });
    response.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));

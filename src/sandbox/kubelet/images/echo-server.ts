// Test image `steward/echo-server`: answers every HTTP request with its pod name.
// Listens on $POD_IP (default 127.0.0.1) and ${PORT:-8080}; exits on SIGTERM.
import { createServer } from 'node:http';

const host = process.env.POD_IP ?? '127.0.0.1';
const port = Number(process.env.PORT ?? '8080');
const name = process.env.POD_NAME ?? process.env.HOSTNAME ?? 'unknown';

const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(`${name}\n`);
  process.stdout.write(`${req.method ?? 'GET'} ${req.url ?? '/'}\n`);
});
server.listen(port, host, () => process.stdout.write(`listening on ${host}:${String(port)}\n`));
process.on('SIGTERM', () => {
  process.stdout.write('terminating\n');
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 200).unref();
});

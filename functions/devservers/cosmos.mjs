#!/usr/bin/env node
// Local Cosmos DB protocol server for development and tests: @vercel/cosmosdb-server, patched (see below).
// The .NET SDK talks to it in Gateway mode over HTTPS (bundled self-signed certificate) with any account key,
// e.g. the emulator's well-known one. ALL DATA IS IN MEMORY: it is gone when this process exits.
//
//   node functions/devservers/cosmos.mjs [--port N] [--exit-on-stdin-close]
//     --port N                default $COSMOS_PORT or 8081; 0 = any free port (the ready line tells which)
//     --exit-on-stdin-close   stop when the parent closes our stdin or dies, so a test run that crashes
//                             does not leave servers behind (the .NET test fixture uses it)
//
// Prints exactly one line "cosmosdb-server ready on https://localhost:PORT" once it accepts connections
// (start.mjs and the .NET test fixture wait for it); exits 1 with a message if the port is taken.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import net from 'node:net';

const require = createRequire(import.meta.url);

function parseArgs(argv) {
  let port = process.env.COSMOS_PORT ? Number(process.env.COSMOS_PORT) : 8081;
  let exitOnStdinClose = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port' || arg === '-p') port = Number(argv[++i]);
    else if (arg.startsWith('--port=')) port = Number(arg.slice('--port='.length));
    else if (arg === '--exit-on-stdin-close') exitOnStdinClose = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('Usage: node functions/devservers/cosmos.mjs [--port N] [--exit-on-stdin-close]');
      process.exit(0);
    } else fail(`unknown argument '${arg}' (try --help)`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be an integer between 0 and 65535');
  return { port, exitOnStdinClose };
}

function fail(message) {
  console.error(`cosmosdb-server: ${message}`);
  process.exit(1);
}

function loadPatchedServer() {
  const NOT_FOUND = { code: 'NotFound', message: 'Entity with the specified id does not exist in the system.' };
  let readDocument;
  try {
    readDocument = require('@vercel/cosmosdb-server/lib/handler/read-document');
  } catch {
    fail("@vercel/cosmosdb-server is not installed: run 'npm install' at the repo root.");
  }
  const partition = require('@vercel/cosmosdb-server/lib/utils/get-partition-from-header');

  // Upstream bug (1.0.1): reading a document that does not exist dereferences `data[path]` on undefined,
  // so the SDK gets a 500 instead of 404 NotFound. lib/routes.js captures `read_document_1.default` when it
  // is first required, so the handler must be replaced here, BEFORE the package index (which loads routes.js).
  const original = readDocument.default;
  readDocument.default = (account, req, res, params) => {
    const collection = account.database(params.dbId).collection(params.collId);
    if (collection.read()) {
      let missing = false;
      try {
        const key = partition.parsePartitionKey(partition.default(req), params.docId);
        missing = !collection.document(params.docId, key).read();
      } catch {
        // Unparsable partition key header: leave the answer to the original handler.
      }
      if (missing) {
        res.statusCode = 404;
        return { ...NOT_FOUND };
      }
    }
    return original(account, req, res, params);
  };

  narrowQueriesToTheirPartition(partition);
  urlSafeResourceIds();
  return require('@vercel/cosmosdb-server');
}

// Upstream bug (1.0.1): resource ids are standard base64, so one in 64 or so contains '/', and the SDK's
// /dbs/{rid}/colls/{rid}/pkranges request for it splits at that '/' and gets 404 ("failed due to stale cache"): which
// container gets such an id depends on how many were created before it. Cosmos DB writes '-' for '/' in resource ids;
// do the same both ways (upstream's reader replaced only the first '-').
function urlSafeResourceIds() {
  const ResourceId = require('@vercel/cosmosdb-server/lib/account/resource-id').default;
  ResourceId.toBase64String = (buffer) => buffer.toString('base64').replaceAll('/', '-');
  ResourceId.fromBase64String = (s) => Buffer.from(s.replaceAll('-', '/'), 'base64');
}

// The server evaluates every query against every document of the container, so each single-partition query got
// slower as the container filled. Real Cosmos DB only reads the partition named by the request's partition key: do
// the same, with an index of each partition's documents kept beside the server's own map (its only write paths are
// _set and delete). The key travels from the request handler to Items.query through AsyncLocalStorage because the
// handler is async and requests interleave.
function narrowQueriesToTheirPartition(partition) {
  const queryDocuments = require('@vercel/cosmosdb-server/lib/handler/query-documents');
  const Items = require('@vercel/cosmosdb-server/lib/account/items').default;
  const requestPartition = new AsyncLocalStorage();
  const partitions = new WeakMap(); // Items -> Map(partition key value -> Set(rid))

  const fieldOf = (items) => {
    const paths = items._parent.read()?.partitionKey?.paths ?? [];
    return paths.length === 1 ? paths[0].slice(1) : undefined;
  };
  const ridsOf = (items, key) => {
    let byKey = partitions.get(items);
    if (!byKey) partitions.set(items, (byKey = new Map()));
    let rids = byKey.get(key);
    if (!rids) byKey.set(key, (rids = new Set()));
    return rids;
  };

  const originalSet = Items.prototype._set;
  Items.prototype._set = function _set(data) {
    const result = originalSet.call(this, data);
    const field = fieldOf(this);
    if (field !== undefined) ridsOf(this, data[field]).add(data._rid);
    return result;
  };

  const originalDelete = Items.prototype.delete;
  Items.prototype.delete = function remove(idOrRid, key) {
    const data = this._item('/id', idOrRid, key).read();
    originalDelete.call(this, idOrRid, key);
    const field = fieldOf(this);
    if (data && field !== undefined) ridsOf(this, data[field]).delete(data._rid);
  };

  const originalHandler = queryDocuments.default;
  queryDocuments.default = (account, req, res, params) => {
    const header = partition.default(req);
    let key;
    try {
      key = header ? JSON.parse(header) : undefined;
    } catch {
      key = undefined;
    }
    const single = Array.isArray(key) && key.length === 1 && typeof key[0] !== 'object' ? key[0] : undefined;
    return requestPartition.run(single, () => originalHandler(account, req, res, params));
  };

  const originalQuery = Items.prototype.query;
  Items.prototype.query = function query(params, options) {
    const key = requestPartition.getStore();
    if (key === undefined || fieldOf(this) === undefined) return originalQuery.call(this, params, options);
    const all = this._data;
    const inPartition = new Map();
    for (const rid of ridsOf(this, key)) {
      const item = all.get(rid);
      if (item) inPartition.set(rid, item);
    }
    this._data = inPartition; // the query runs synchronously: nothing else sees the narrowed map
    try {
      return originalQuery.call(this, params, options);
    } finally {
      this._data = all;
    }
  };
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (err) => reject(err);
    server.once('error', onError);
    server.listen({ port, host }, () => {
      server.off('error', onError);
      resolve(server.address().port);
    });
  });
}

const { port: requestedPort, exitOnStdinClose } = parseArgs(process.argv.slice(2));
const { createHttpsServer } = loadPatchedServer();
// keepAlive: the server otherwise answers every request with `Connection: close`, and a new TLS handshake per Cosmos
// call dominated the CPU of every local run, test and benchmark.
const https = createHttpsServer({ keepAlive: true });
// Node closes an idle kept-alive socket after 5 s; .NET keeps pooled connections for 60 s and can send a request on a
// socket the server is closing ("the response ended prematurely"). The server must be the one to wait longer.
https.keepAliveTimeout = 120_000;
https.headersTimeout = 125_000;

// Loopback only (the server accepts any key), but on BOTH 127.0.0.1 and ::1: clients connect to "localhost",
// which resolves to ::1 first on many machines. One HTTPS server (one in-memory account) is fed by a second,
// plain TCP listener on ::1 that hands its sockets over, rather than binding "::" and exposing it to the network.
let port;
try {
  port = await listen(https, requestedPort, '127.0.0.1');
} catch (err) {
  fail(err.code === 'EADDRINUSE'
    ? `port ${requestedPort} on 127.0.0.1 is already in use (another cosmosdb-server or the Cosmos DB emulator?). Stop it or pass --port N.`
    : `cannot listen on 127.0.0.1:${requestedPort}: ${err.message}`);
}

const ipv6 = net.createServer((socket) => https.emit('connection', socket));
try {
  await listen(ipv6, port, '::1');
} catch (err) {
  if (err.code === 'EADDRINUSE') {
    fail(`port ${port} on ::1 is already in use: "localhost" clients would reach that process instead. Stop it or pass --port N.`);
  }
  // No IPv6 loopback on this machine (EADDRNOTAVAIL / EAFNOSUPPORT): then "localhost" cannot mean ::1 either.
}

console.log(`cosmosdb-server ready on https://localhost:${port}`);

const stop = () => {
  ipv6.close();
  https.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
if (exitOnStdinClose) {
  process.stdin.on('end', stop).on('close', stop).on('error', stop).resume();
}

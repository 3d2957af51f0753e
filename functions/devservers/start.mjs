#!/usr/bin/env node
// `npm start`: run the app locally from a fresh clone (Node 20 built-ins only).
//   1. Cosmos DB on https://localhost:8081 ($COSMOS_PORT): reuse whatever already answers there, else start cosmos.mjs.
//   2. local.settings.json: copied from local.settings.sample.json if missing.
//   3. dotnet run --project functions/CreatorAccountHealth.LocalRuntime [extra args passed through].
//   4. Ctrl+C / SIGTERM / dotnet exiting: stop the Cosmos server started here, exit with dotnet's code.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import https from 'node:https';
import { constants } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
// local.settings(.sample).json's CosmosDbConnection points at 8081; for another port the app gets the connection
// string as an environment variable, which wins over the file (as with Core Tools).
const COSMOS_PORT = Number(process.env.COSMOS_PORT || 8081);
const EMULATOR_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';
const READY_TIMEOUT_MS = 30_000;

const log = (message) => console.log(`[start] ${message}`);

/** True if an HTTPS server answers on the port (any status; the bundled certificate is self-signed). */
function cosmosAnswers(port) {
  return new Promise((done) => {
    const req = https.get({ host: 'localhost', port, path: '/', rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      done(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(false));
  });
}

/** Starts cosmos.mjs and resolves with the child once it prints its ready line. */
function startCosmos(port) {
  return new Promise((ready, failed) => {
    const child = spawn(process.execPath, [join(here, 'cosmos.mjs'), '--port', String(port)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => {
      child.kill();
      failed(new Error(`Cosmos DB server did not report ready within ${READY_TIMEOUT_MS / 1000}s.`));
    }, READY_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      console.log(`[cosmos] ${line}`);
      if (line.startsWith('cosmosdb-server ready on ')) {
        clearTimeout(timer);
        ready(child);
      }
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      failed(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      failed(new Error(`Cosmos DB server exited before it was ready (${signal ?? `exit code ${code}`}).`));
    });
  });
}

function exitCodeOf(code, signal) {
  return code ?? 128 + (constants.signals[signal] ?? 0);
}

// 1. Cosmos DB
let cosmos = null;
if (await cosmosAnswers(COSMOS_PORT)) {
  log(`Cosmos DB already answers on https://localhost:${COSMOS_PORT}: reusing it.`);
} else {
  log(`Starting the local Cosmos DB server on https://localhost:${COSMOS_PORT} (in-memory: data is lost when it stops)...`);
  try {
    cosmos = await startCosmos(COSMOS_PORT);
  } catch (err) {
    console.error(`[start] ${err.message}`);
    process.exit(1);
  }
}

let stopping = false;
cosmos?.on('exit', (code, signal) => {
  if (!stopping) console.error(`[start] The Cosmos DB server stopped unexpectedly (${signal ?? `exit code ${code}`}).`);
});
const stopCosmos = () => {
  if (cosmos && cosmos.exitCode === null && cosmos.signalCode === null) cosmos.kill('SIGTERM');
};

// 2. Settings
const settings = join(repoRoot, 'local.settings.json');
if (!existsSync(settings)) {
  copyFileSync(join(repoRoot, 'local.settings.sample.json'), settings);
  log('Created local.settings.json from local.settings.sample.json.');
}

// 3. The app
const args = ['run', '--project', 'functions/CreatorAccountHealth.LocalRuntime', ...process.argv.slice(2)];
log(`Running: dotnet ${args.join(' ')}`);
const env = { ...process.env };
if (COSMOS_PORT !== 8081 && !env.CosmosDbConnection) {
  env.CosmosDbConnection = `AccountEndpoint=https://localhost:${COSMOS_PORT}/;AccountKey=${EMULATOR_KEY};`;
}
const dotnet = spawn('dotnet', args, { cwd: repoRoot, env, stdio: 'inherit' });

// 4. Shutdown. A terminal's Ctrl+C already reaches dotnet (same process group), but a signal sent to this process
// alone does not, and `dotnet run` ignores a SIGINT of its own while it forwards SIGTERM to the app: so the first
// signal becomes one SIGTERM to dotnet (a graceful stop), a second one kills it.
let signals = 0;
const onSignal = (signal) => {
  stopping = true;
  signals += 1;
  if (signals === 1) {
    log(`${signal}: stopping the app...`);
    dotnet.kill('SIGTERM');
  } else {
    log(`${signal} again: killing the app.`);
    dotnet.kill('SIGKILL');
  }
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

dotnet.on('error', (err) => {
  stopping = true;
  console.error(`[start] Could not run dotnet: ${err.message}. Is the .NET 10 SDK installed and on PATH?`);
  stopCosmos();
  process.exit(1);
});
dotnet.on('exit', (code, signal) => {
  stopping = true;
  const exitCode = exitCodeOf(code, signal);
  if (cosmos) log('Stopping the Cosmos DB server.');
  stopCosmos();
  log(`dotnet exited (${signal ?? `code ${code}`}).`);
  process.exit(exitCode);
});

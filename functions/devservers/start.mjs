#!/usr/bin/env node
// `npm start`: run the app locally from a fresh clone (Node 20 built-ins only).
//   1. Cosmos DB on https://localhost:8081 ($COSMOS_PORT): reuse whatever already answers there, else start cosmos.mjs;
//      the SendGrid stand-in on http://localhost:7073 ($MAIL_SINK_PORT) likewise (mail-sink.mjs: read emails there).
//   2. local.settings.json: copied from local.settings.sample.json if missing.
//   3. dotnet run --project functions/CreatorAccountHealth.LocalRuntime [extra args passed through].
//   4. Ctrl+C / SIGTERM / dotnet exiting: stop the Cosmos server started here, exit with dotnet's code.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
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
const MAIL_SINK_PORT = Number(process.env.MAIL_SINK_PORT || 7073);
const READY_TIMEOUT_MS = 30_000;

const log = (message) => console.log(`[start] ${message}`);

/** True if a server answers on the port (any status; the Cosmos server's bundled certificate is self-signed). */
function answers(port, secure) {
  return new Promise((done) => {
    const client = secure ? https : http;
    const req = client.get({ host: 'localhost', port, path: '/', rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      done(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(false));
  });
}

/** Starts a dev server script and resolves with the child once it prints its ready line. */
function startDevServer(name, script, port, readyPrefix) {
  return new Promise((ready, failed) => {
    const child = spawn(process.execPath, [join(here, script), '--port', String(port)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => {
      child.kill();
      failed(new Error(`${name} did not report ready within ${READY_TIMEOUT_MS / 1000}s.`));
    }, READY_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      console.log(`[${name}] ${line}`);
      if (line.startsWith(readyPrefix)) {
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
      failed(new Error(`${name} exited before it was ready (${signal ?? `exit code ${code}`}).`));
    });
  });
}

function exitCodeOf(code, signal) {
  return code ?? 128 + (constants.signals[signal] ?? 0);
}

// 1. Dev servers: reuse one already answering, else start ours (and stop it when we stop).
const started = [];
let stopping = false;
async function ensureDevServer(name, script, port, secure, readyPrefix, what) {
  if (await answers(port, secure)) {
    log(`${name} already answers on port ${port}: reusing it.`);
    return;
  }
  log(`Starting ${what}...`);
  const child = await startDevServer(name, script, port, readyPrefix);
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`[start] ${name} stopped unexpectedly (${signal ?? `exit code ${code}`}).`);
  });
  started.push(child);
}
const stopDevServers = () => {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
};
try {
  await ensureDevServer('cosmos', 'cosmos.mjs', COSMOS_PORT, true, 'cosmosdb-server ready on ',
    `the local Cosmos DB server on https://localhost:${COSMOS_PORT} (in-memory: data is lost when it stops)`);
  await ensureDevServer('mail-sink', 'mail-sink.mjs', MAIL_SINK_PORT, false, 'mail-sink ready on ',
    `the SendGrid stand-in on http://localhost:${MAIL_SINK_PORT} (emails sent by the app are listed there)`);
} catch (err) {
  console.error(`[start] ${err.message}`);
  stopDevServers();
  process.exit(1);
}

// 2. Settings
const settings = join(repoRoot, 'local.settings.json');
const sample = join(repoRoot, 'local.settings.sample.json');
if (!existsSync(settings)) {
  copyFileSync(sample, settings);
  log('Created local.settings.json from local.settings.sample.json.');
}

// A local.settings.json copied before a setting was added lacks it (e.g. App__PublicBaseUrl, AccountLinks__SigningKeys):
// the sample's value fills the gap as an environment variable, so an older copy still starts. The file is not edited.
const sampleDefaults = () => {
  const read = (path) => JSON.parse(readFileSync(path, 'utf8')).Values ?? {};
  try {
    const own = read(settings);
    return Object.entries(read(sample)).filter(([name]) => !(name in own) && !(name in process.env));
  } catch (err) {
    log(`Could not compare local.settings.json with the sample (${err.message}); using it as it is.`);
    return [];
  }
};

// 3. The app
const args = ['run', '--project', 'functions/CreatorAccountHealth.LocalRuntime', ...process.argv.slice(2)];
log(`Running: dotnet ${args.join(' ')}`);
const env = { ...process.env };
for (const [name, value] of sampleDefaults()) {
  env[name] = value;
  log(`local.settings.json has no ${name}: using the sample's value.`);
}
if (COSMOS_PORT !== 8081 && !env.CosmosDbConnection) {
  env.CosmosDbConnection = `AccountEndpoint=https://localhost:${COSMOS_PORT}/;AccountKey=${EMULATOR_KEY};`;
}
if (MAIL_SINK_PORT !== 7073 && !env.SendGrid__Host) {
  env.SendGrid__Host = `http://localhost:${MAIL_SINK_PORT}`;
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
  stopDevServers();
  process.exit(1);
});
dotnet.on('exit', (code, signal) => {
  stopping = true;
  const exitCode = exitCodeOf(code, signal);
  if (started.length) log('Stopping the dev servers started here.');
  stopDevServers();
  log(`dotnet exited (${signal ?? `code ${code}`}).`);
  process.exit(exitCode);
});

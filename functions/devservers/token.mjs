// Prints a bearer token for the local app, for curl:
//   npm run token -- creator-1            a creator token (sub = creator-1)
//   npm run token -- --admin              a back-office token (roles = [CreatorAuth__AdminRole])
//   npm run token -- creator-1 --minutes 5
// Signed HS256 with the first secret of CreatorAuth__SigningKeys, for CreatorAuth__Issuer and CreatorAuth__Audience,
// read like the local runtime reads them: environment variables, then local.settings.json, then the sample.
// Development only: the app refuses the sample secret when AZURE_FUNCTIONS_ENVIRONMENT is Production.
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const usage = 'usage: npm run token -- <creatorId> | --admin  [--minutes <1-1440>, default 15]';

function fail(message) {
  console.error(message);
  process.exit(1);
}

function parseArguments(args) {
  let creatorId = null;
  let admin = false;
  let minutes = 15;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--admin') {
      admin = true;
    } else if (arg === '--minutes') {
      minutes = Number(args[++i]);
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) fail(`--minutes must be a whole number from 1 to 1440.\n${usage}`);
    } else if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    } else if (arg.startsWith('--')) {
      fail(`Unknown option ${arg}.\n${usage}`);
    } else if (creatorId === null) {
      creatorId = arg;
    } else {
      fail(`One creator id only.\n${usage}`);
    }
  }

  if (admin === (creatorId !== null)) fail(usage);
  return { creatorId, admin, minutes };
}

function settings() {
  const file = ['local.settings.json', 'local.settings.sample.json'].map((name) => join(root, name)).find(existsSync);
  const values = file ? JSON.parse(readFileSync(file, 'utf8')).Values ?? {} : {};
  const read = (name) => process.env[name] ?? values[name] ?? '';
  return {
    issuer: read('CreatorAuth__Issuer'),
    audience: read('CreatorAuth__Audience'),
    secret: read('CreatorAuth__SigningKeys').split(',').map((s) => s.trim()).find((s) => s.length > 0),
    adminRole: read('CreatorAuth__AdminRole') || 'account-health.admin',
    file,
  };
}

const base64url = (data) => Buffer.from(data).toString('base64url');

const { creatorId, admin, minutes } = parseArguments(process.argv.slice(2));
const { issuer, audience, secret, adminRole, file } = settings();
if (!issuer || !audience) fail(`CreatorAuth__Issuer and CreatorAuth__Audience must be set (${file ?? 'no local.settings.json'}).`);
if (!secret) fail(`CreatorAuth__SigningKeys holds no HS256 secret (${file ?? 'no local.settings.json'}): this script signs with one.`);
if (Buffer.byteLength(secret, 'utf8') < 32) fail('The first CreatorAuth__SigningKeys secret is shorter than 32 bytes: the app would refuse to start with it.');

const now = Math.floor(Date.now() / 1000);
const payload = {
  iss: issuer,
  aud: audience,
  sub: admin ? 'local-back-office' : creatorId,
  iat: now,
  nbf: now,
  exp: now + minutes * 60,
  ...(admin ? { roles: [adminRole] } : {}),
};
const unsigned = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}`;
const signature = createHmac('sha256', Buffer.from(secret, 'utf8')).update(unsigned).digest('base64url');
console.log(`${unsigned}.${signature}`);

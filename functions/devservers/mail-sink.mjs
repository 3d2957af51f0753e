#!/usr/bin/env node
// A local stand-in for SendGrid's Mail Send API, for `npm start`: the app's real SendGrid client posts here
// (SendGrid__Host=http://localhost:7073) and the emails can be read at http://localhost:7073/.
//   POST /v3/mail/send    202 like SendGrid (401 without a bearer key, 400 for a body that isn't a mail)
//   GET  /                the captured emails, newest first
//   GET  /emails/N.html   one email's HTML part; /emails/N.txt its text part; /emails/N.json the request
// Kept in memory (last 200) and, when --dir is given, written to that folder. Options: --port N (default
// $MAIL_SINK_PORT or 7073), --dir PATH. Prints `mail-sink ready on http://localhost:PORT` once listening.
import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const port = Number(option('--port', process.env.MAIL_SINK_PORT || 7073));
const dir = option('--dir', null);
if (dir) mkdirSync(dir, { recursive: true });

const emails = [];
const escape = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const contentOf = (mail, type) => (mail.content || []).find((c) => c.type === type)?.value ?? '';

function capture(mail) {
  const id = emails.length ? emails[0].id + 1 : 1;
  const entry = { id, receivedAt: new Date().toISOString(), mail };
  emails.unshift(entry);
  emails.length = Math.min(emails.length, 200);
  if (dir) {
    writeFileSync(join(dir, `${id}.json`), JSON.stringify(mail, null, 2));
    writeFileSync(join(dir, `${id}.html`), contentOf(mail, 'text/html'));
  }
  const to = (mail.personalizations || []).flatMap((p) => p.to || []).map((t) => t.email).join(', ');
  console.log(`mail-sink: #${id} to ${to}: ${mail.subject}`);
}

function index() {
  const rows = emails.map((e) => {
    const to = (e.mail.personalizations || []).flatMap((p) => p.to || []).map((t) => t.email).join(', ');
    return `<tr><td>${e.id}</td><td>${escape(e.receivedAt)}</td><td>${escape(to)}</td><td>${escape(e.mail.subject)}</td>`
      + `<td>${escape((e.mail.categories || []).join(', '))}</td>`
      + `<td><a href="/emails/${e.id}.html">html</a> · <a href="/emails/${e.id}.txt">text</a> · <a href="/emails/${e.id}.json">request</a></td></tr>`;
  }).join('');
  return `<!doctype html><meta charset="utf-8"><title>mail-sink</title><body style="font-family:sans-serif">`
    + `<h1>Captured emails (${emails.length})</h1><table cellpadding="6" border="1" style="border-collapse:collapse">`
    + `<tr><th>#</th><th>received</th><th>to</th><th>subject</th><th>categories</th><th></th></tr>${rows}</table>`;
}

const server = createServer((req, res) => {
  const send = (status, type, body) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  if (req.method === 'POST' && req.url === '/v3/mail/send') {
    if (!/^Bearer \S+/.test(req.headers.authorization || '')) {
      return send(401, 'application/json', JSON.stringify({ errors: [{ message: 'authorization required' }] }));
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let mail;
      try {
        mail = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(400, 'application/json', JSON.stringify({ errors: [{ message: 'Invalid JSON' }] }));
      }
      if (!mail.from?.email || !Array.isArray(mail.personalizations) || !mail.personalizations.length) {
        return send(400, 'application/json', JSON.stringify({ errors: [{ message: 'from and personalizations are required' }] }));
      }
      capture(mail);
      res.writeHead(202, { 'x-message-id': `sink-${emails[0].id}` });
      res.end();
    });
    return;
  }
  if (req.method === 'GET' && req.url === '/') return send(200, 'text/html; charset=utf-8', index());
  const match = req.method === 'GET' && /^\/emails\/(\d+)\.(html|txt|json)$/.exec(req.url);
  const entry = match && emails.find((e) => e.id === Number(match[1]));
  if (entry) {
    if (match[2] === 'html') return send(200, 'text/html; charset=utf-8', contentOf(entry.mail, 'text/html'));
    if (match[2] === 'txt') return send(200, 'text/plain; charset=utf-8', contentOf(entry.mail, 'text/plain'));
    return send(200, 'application/json', JSON.stringify(entry.mail, null, 2));
  }
  send(404, 'text/plain', 'not found');
});

server.on('error', (err) => {
  console.error(`mail-sink: cannot listen on port ${port}: ${err.message}`);
  process.exit(1);
});
// Loopback only: this is a developer's tool.
server.listen(port, '127.0.0.1', () => console.log(`mail-sink ready on http://localhost:${server.address().port}`));

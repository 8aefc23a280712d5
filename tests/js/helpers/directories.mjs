// Test vendors made at test time: keys, directory bodies, signed envelopes
// and root rotations, in the formats of docs/protocol.md, signed with
// Node's own Ed25519 (node:crypto). Nothing here is trusted by the code
// under test: the wasm engine verifies every envelope as it would a real
// vendor's.
//
// Also: a throw-away TLS certificate (openssl) and an HTTPS server whose
// answers a test sets per host and path, to stand in for vendors' sites.

import { execFileSync } from "node:child_process";
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/** The 16-hex-digit key id of a raw 32-byte public key. */
export function keyId(publicBytes) {
  return createHash("sha256")
    .update(Buffer.concat([Buffer.from("countersign/key-id/v1\0"), publicBytes]))
    .digest("hex")
    .slice(0, 16);
}

/** A fresh key pair: `{secret: "CSSK1…", public: "CSPK1…", id, privateKey}`. */
export function newKey() {
  const { privateKey } = generateKeyPairSync("ed25519");
  return keyFromPrivate(privateKey);
}

/** The key pair of a `CSSK1.` secret key text (a key file's key line). */
export function keyFromSecret(text) {
  const line = text.split("\n").map((l) => l.trim()).find((l) => l.startsWith("CSSK1."));
  const seed = Buffer.from(line.slice("CSSK1.".length), "base64url");
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
  return keyFromPrivate(privateKey);
}

function keyFromPrivate(privateKey) {
  const jwk = privateKey.export({ format: "jwk" });
  const publicBytes = Buffer.from(createPublicKey(privateKey).export({ format: "jwk" }).x, "base64url");
  return {
    secret: `CSSK1.${jwk.d}`,
    public: `CSPK1.${publicBytes.toString("base64url")}`,
    id: keyId(publicBytes),
    privateKey,
  };
}

function signWith(key, context, bytes) {
  return sign(null, Buffer.concat([Buffer.from(`${context}\0`), bytes]), key.privateKey);
}

/** A staff key entry for a directory body. */
export function staffEntry(key, { name, team = "Support", now, channels = ["email", "scheduled-call", "callback"] }) {
  return {
    id: key.id,
    public_key: key.public,
    name,
    team,
    channels,
    not_before: now - 86_400,
    not_after: now + 365 * 86_400,
    max_notice_lifetime: 7 * 86_400,
  };
}

/**
 * A directory body for a vendor on `domain`, published at its .well-known
 * URL. `overrides` replace top-level fields.
 */
export function directoryBody({ id, name, domain, brand, sequence, now, keys, revoked = [], phone, ...overrides }) {
  return {
    format: "countersign-directory/1",
    vendor: { id, name, brand_terms: brand ?? [name] },
    sequence,
    issued_at: now - 60,
    expires_at: now + 30 * 86_400,
    published_at: [`https://${domain}/.well-known/countersign/directory.json`],
    verify_url: `https://${domain}/verify`,
    domains: [{ domain, include_subdomains: true }],
    emails: [{ address: `support@${domain}`, label: "Support" }],
    email_domains: [],
    phones: phone ? [{ number: phone, label: "Support", country: "US", purpose: "support" }] : [],
    policies: [{ id: "no-unsolicited-calls", text: `${name} never calls unexpectedly.` }],
    keys,
    revoked,
    ...overrides,
  };
}

/** A rotation link: `oldRoot` vouches for `newRoot`. */
export function rotation(oldRoot, newRoot, issuedAt) {
  const body = Buffer.from(
    JSON.stringify({ format: "countersign-root-rotation/1", from: oldRoot.public, to: newRoot.public, issued_at: issuedAt }),
  );
  return { body: body.toString("base64url"), signature: signWith(oldRoot, "countersign/root-rotation/v1", body).toString("base64url") };
}

/** The signed envelope (JSON text) of `body` under `root`. */
export function signDirectory(body, root, rotations = []) {
  const bytes = Buffer.from(JSON.stringify(body));
  return JSON.stringify(
    {
      format: "countersign-signed-directory/1",
      rotations,
      signer: root.id,
      body: bytes.toString("base64url"),
      signature: signWith(root, "countersign/directory/v1", bytes).toString("base64url"),
    },
    null,
    2,
  );
}

/**
 * A self-signed certificate for `*.example` and its key, made with openssl
 * in a temporary folder (removed at once). Returns `{key, cert}` PEM text,
 * or null when openssl is missing.
 */
export function throwAwayCertificate() {
  const dir = mkdtempSync(path.join(tmpdir(), "countersign-cert-"));
  try {
    execFileSync(
      "openssl",
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"),
        "-days", "2", "-subj", "/CN=countersign-test", "-addext", "subjectAltName=DNS:*.example",
      ],
      { stdio: "pipe" },
    );
    return { key: readFileSync(path.join(dir, "key.pem")), cert: readFileSync(path.join(dir, "cert.pem")) };
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * An HTTPS server on 127.0.0.1 whose answers are set per host and path:
 * `routes.set("contoso.example/.well-known/countersign/directory.json", answer)`
 * where `answer` is a string (sent as JSON), `{status, body, headers}`,
 * `"hang"` (never answers), or `{stream: n}` (n bytes, slowly, without a
 * length). Returns `{port, routes, requests, streams, close()}`;
 * `requests` lists "host/path" of every request received, `streams` how
 * much of each streamed answer was sent (`{sent, total, finished}`).
 */
export async function startVendorServer({ key, cert }) {
  const routes = new Map();
  const requests = [];
  const streams = new Map();
  const hanging = new Set();
  const server = https.createServer({ key, cert }, (req, res) => {
    const host = String(req.headers.host ?? "").replace(/:\d+$/, "");
    const where = `${host}${req.url}`;
    requests.push(where);
    const answer = routes.get(where);
    if (answer === undefined) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    } else if (answer === "hang") {
      hanging.add(res);
    } else if (typeof answer === "string") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(answer);
    } else if (answer.stream) {
      // A body with no declared length that goes on past any limit; how
      // much was sent before the client hung up is kept in `streams`.
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const record = { sent: 0, total: answer.stream, finished: false };
      streams.set(where, record);
      const more = () => {
        if (res.destroyed) return;
        if (record.sent >= answer.stream) {
          record.finished = true;
          return res.end();
        }
        record.sent += chunk.length;
        res.write(chunk, (error) => {
          if (!error) setImmediate(more);
        });
      };
      more();
    } else {
      res.writeHead(answer.status ?? 200, { "content-type": "application/json", ...(answer.headers ?? {}) });
      res.end(answer.body ?? "");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    routes,
    requests,
    streams,
    close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

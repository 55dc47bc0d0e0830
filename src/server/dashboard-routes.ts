// The dashboard (web/, built by Vite into dist/web/): its files at `/` and `/assets/…`, its sign-in settings, and the
// demo sign-in that hands the page a short-lived dev token (dev mode, this machine only). The page
// itself reads only the public Graph API with that bearer token (docs/decisions/0060-dashboard.md).
import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, forbidden, noTenant, notFound, unsupportedMediaType } from '../graph/errors.js';
import type { TenantRecord } from '../store/store.js';
import type { AppDeps } from './app-deps.js';
import type { AuthConfig } from './config.js';
import { behindProxy } from './public-origin.js';
import { DEMO_PERMISSIONS, mintDevToken } from './tokens.js';
import { isLocalRequest } from './public-origin.js';

/** How long a demo sign-in lasts; the page asks for a new one when it runs out. */
export const DEV_SIGN_IN_SECONDS = 3600;
export const DEV_SIGN_IN_USER = 'reports.reader@amr.local';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * The page holds a token: no script but ours, no framing, nothing sent anywhere but this origin —
 * and, with the oidc sign-in, the authority's origin (its discovery document and token endpoint;
 * the authorization endpoint is a navigation, which connect-src does not govern).
 * Chart.js and Preact set styles through the CSSOM, which style-src does not govern.
 */
export function pageHeaders(auth: AuthConfig): Readonly<Record<string, string>> {
  const authority = auth.mode === 'oidc' && auth.dashboard !== undefined ? ` ${new URL(auth.dashboard.authority).origin}` : '';
  return {
    'Content-Security-Policy':
      `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'${authority}; ` +
      "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  };
}

interface WebFile {
  readonly body: Buffer;
  readonly type: string;
  /** Vite names assets by content hash: they never change under one name. */
  readonly immutable: boolean;
}

/** dist/web beside dist/server when built; from src/server (tsx), the build's dist/web. */
export function defaultWebRoot(): string {
  const beside = fileURLToPath(new URL('../web/', import.meta.url));
  return existsSync(join(beside, 'index.html')) ? beside : fileURLToPath(new URL('../../dist/web/', import.meta.url));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Every file of the build, read once into memory (a few hundred KB): a request is a Map lookup,
 * so no request path ever reaches the file system.
 */
export function loadWebFiles(root: string): ReadonlyMap<string, WebFile> {
  const files = new Map<string, WebFile>();
  if (!existsSync(join(root, 'index.html'))) return files;
  for (const path of filesUnder(root)) {
    const url = `/${relative(root, path).split(sep).join('/')}`;
    const type = TYPES[extname(path)];
    if (type === undefined) continue;
    files.set(url === '/index.html' ? '/' : url, { body: readFileSync(path), type, immutable: url.startsWith('/assets/') });
  }
  return files;
}

/** The header the page sends the demo sign-in code in (from the dashboard URL `amr serve` prints). */
export const SIGN_IN_CODE_HEADER = 'x-amr-sign-in-code';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * Whether this request may use the demo sign-in: dev mode, a code was made at start (never behind
 * a proxy: AMR_PUBLIC_URL or AMR_TRUST_PROXY), a request from this machine (public-origin.ts), and
 * the code it carries is that code. A proxy on this machine passes the "this machine" test; it
 * cannot know the code, which only the terminal that started amr was shown.
 */
function demoSignIn(deps: AppDeps, request: FastifyRequest, given: unknown): { offered: boolean; allowed: boolean } {
  const code = deps.localCode ?? null;
  const offered = deps.config.auth.mode === 'dev' && code !== null && isLocalRequest(request, deps.config.proxy);
  const allowed = offered && typeof given === 'string' && timingSafeEqual(digest(given), digest(code));
  return { offered, allowed };
}

function pickTenant(tenants: readonly TenantRecord[], wanted: unknown): TenantRecord {
  if (tenants.length === 0) throw noTenant();
  if (wanted === undefined || wanted === null || wanted === '') {
    if (tenants.length === 1) return tenants[0]!;
    throw badRequest(`amr holds ${tenants.length} tenants: name one as tenantId (${tenants.map((t) => t.tenantId).join(', ')}).`);
  }
  const found = tenants.find((t) => t.tenantId === wanted);
  if (found === undefined) throw notFound(`amr holds no tenant '${String(wanted)}'.`);
  return found;
}

const tenantView = (t: TenantRecord) => ({ id: t.tenantId, displayName: t.displayName, hasReports: t.currentGeneration !== null });

function registerSignIn(app: FastifyInstance, deps: AppDeps): void {
  // What the sign-in screen offers: the tenant list only where the demo sign-in would answer (this
  // machine, with the code); in oidc mode, the public client the page signs in with (nothing
  // secret: a SPA has no secret). `devSignInOffered`: the demo sign-in would answer this browser
  // once it has the code (the page then asks for the printed link).
  app.get('/dashboard/config', async (request, reply) => {
    const auth = deps.config.auth;
    const demo = demoSignIn(deps, request, request.headers[SIGN_IN_CODE_HEADER]);
    const tenants = demo.allowed ? (await deps.store.listTenants()).map(tenantView) : [];
    const signIn = auth.mode === 'oidc' && auth.dashboard !== undefined ? auth.dashboard : null;
    reply.header('Cache-Control', 'no-store').send({
      authMode: auth.mode,
      devSignIn: demo.allowed,
      devSignInOffered: demo.offered,
      behindProxy: behindProxy(deps.config.proxy),
      tenants,
      oidc: signIn === null ? null : { authority: signIn.authority, clientId: signIn.clientId, scopes: signIn.scopes, redirectUri: signIn.redirectUri },
    });
  });

  app.post('/dashboard/dev-sign-in', async (request, reply) => {
    // docs/decisions/0060: no demo sign-in outside dev mode; the route does not exist there.
    if (deps.config.auth.mode !== 'dev') throw notFound(`No resource at '${request.url}'.`);
    const type = request.headers['content-type'];
    if (type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) {
      throw unsupportedMediaType(`POST /dashboard/dev-sign-in takes a JSON body (Content-Type: application/json), not '${type.slice(0, 100)}'.`);
    }
    const body = (request.body ?? {}) as { tenantId?: unknown; code?: unknown };
    const demo = demoSignIn(deps, request, typeof body === 'object' ? body.code : undefined);
    if (!demo.offered) {
      throw forbidden(
        'DevSignInNotAllowed',
        behindProxy(deps.config.proxy)
          ? 'The demo sign-in is off behind a proxy (AMR_PUBLIC_URL or AMR_TRUST_PROXY is set). Mint a token with "npx amr token" and paste it into the sign-in page.'
          : 'The demo sign-in answers only this machine (a loopback address, no proxy). Elsewhere, mint a token with "npx amr token" and paste it into the sign-in page.',
      );
    }
    if (!demo.allowed) {
      throw forbidden(
        'DevSignInCodeInvalid',
        'The demo sign-in needs the code in the dashboard link that "amr serve" or "npm start" printed (…/#signin=<code>); open that link. A restart prints a new one.',
      );
    }
    const tenant = pickTenant(await deps.store.listTenants(), typeof body === 'object' ? body.tenantId : undefined);
    const now = deps.now();
    const token = await mintDevToken(
      deps.signingKey,
      { tenantId: tenant.tenantId, userPrincipalName: DEV_SIGN_IN_USER, expiresInSeconds: DEV_SIGN_IN_SECONDS },
      now,
    );
    reply.header('Cache-Control', 'no-store').send({
      token,
      expiresOn: new Date(now.getTime() + DEV_SIGN_IN_SECONDS * 1000).toISOString(),
      tenant: tenantView(tenant),
      identity: { userPrincipalName: DEV_SIGN_IN_USER, roles: ['Reports Reader'], scopes: DEMO_PERMISSIONS },
    });
  });
}

function sendFile(reply: FastifyReply, file: WebFile, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  reply
    .header('Content-Type', file.type)
    .header('Cache-Control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .send(file.body);
}

export interface DashboardOptions {
  /** Where the built page is; default dist/web. */
  readonly webRoot?: string;
}

export function registerDashboardRoutes(app: FastifyInstance, deps: AppDeps, options: DashboardOptions = {}): void {
  const files = loadWebFiles(options.webRoot ?? defaultWebRoot());
  const headers = pageHeaders(deps.config.auth);
  registerSignIn(app, deps);
  app.get('/', async (_request, reply) => {
    const index = files.get('/');
    if (index === undefined) throw notFound('The dashboard is not built: run `npm run build` (it writes dist/web/), then start amr again.');
    sendFile(reply, index, headers);
  });
  for (const [url, file] of files) {
    if (url !== '/') app.get(url, async (_request, reply) => sendFile(reply, file, headers));
  }
}

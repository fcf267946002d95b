// A real OpenID provider (the `oidc-provider` package) for medlemsbudget's
// sign-in tests: discovery, JWKS, authorization code with PKCE, the
// provider's own development login page (any password), RP-initiated logout.
//
// Usage: node provider.js --port 0 --client-secret S --redirect-uri URL [--redirect-uri URL…]
//        [--post-logout-uri URL…]
// Prints "listening http://127.0.0.1:PORT" once it answers.
//
// Test users (log in with any password): hb-anna (group hb), board-fyn
// (group board:fyn), member-1042 and any other name (a member in Fyn).
//
// Test-only knobs, so the tests can make the provider misbehave in the ways
// a real one might (everything else is the package's own protocol):
//   POST /test/id-token-ttl {"seconds": n}   lifetime of the ID tokens issued next
//   POST /test/next-id-token {"id_token": t} the next token response carries t instead
//   POST /test/rotate-keys                   sign with a new key (the old one stays published)
// A second client, `another-client` (secret `another-secret`), exists so
// that tests can get a token issued to someone else.
import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const args = process.argv.slice(2);
const all = (name) => args.flatMap((a, i) => (a === name && args[i + 1] ? [args[i + 1]] : []));
const one = (name, fallback) => all(name)[0] ?? fallback;

const port = Number(one('--port', '0'));
const clientId = one('--client-id', 'medlemsbudget');
const clientSecret = one('--client-secret', 'medlemsbudget-test-secret');
const redirectUris = all('--redirect-uri');
const postLogoutUris = all('--post-logout-uri');

const USERS = {
  'hb-anna': { name: 'Anna fra HB', groups: ['hb'] },
  'board-fyn': { name: 'Fyns bestyrelse', groups: ['board:fyn'], storkreds: 'fyn' },
};

function signingKey(kid) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

let idTokenTtl = 3600;
let nextIdToken = null;

const page = (title, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

function makeProvider(issuer, keys) {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        post_logout_redirect_uris: postLogoutUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
      {
        client_id: 'another-client',
        client_secret: 'another-secret',
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys },
    cookies: { keys: ['test-provider-cookie-key'] },
    claims: { openid: ['sub'], profile: ['name'], groups: ['groups'], storkreds: ['storkreds'] },
    scopes: ['openid', 'profile', 'groups', 'storkreds'],
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { IdToken: () => idTokenTtl },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page('Sign out', `${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = page('Signed out', '<p>You are signed out.</p>');
        },
      },
    },
    async findAccount(ctx, id) {
      const user = USERS[id] ?? { name: `Medlem ${id}`, groups: ['members'], storkreds: 'fyn' };
      return {
        accountId: id,
        async claims() {
          return { sub: id, ...user };
        },
      };
    },
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) {
        return ctx.oidc.provider.Grant.find(grantId);
      }
      // Both clients are the organisation's own: no consent screen.
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile groups storkreds');
      grant.addOIDCClaims(['name', 'groups', 'storkreds']);
      await grant.save();
      return grant;
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && nextIdToken && ctx.body && ctx.body.id_token) {
      ctx.body = { ...ctx.body, id_token: nextIdToken };
      nextIdToken = null;
    }
  });
  return provider;
}

function readJson(req) {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk) => { text += chunk; });
    req.on('end', () => {
      try { resolve(JSON.parse(text || '{}')); } catch { resolve({}); }
    });
  });
}

const server = http.createServer();
server.listen(port, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const first = signingKey('key-1');
  const second = signingKey('key-2');
  const providers = {
    before: makeProvider(issuer, [first]).callback(),
    after: makeProvider(issuer, [second, first]).callback(),
  };
  let active = providers.before;
  server.on('request', async (req, res) => {
    if (req.method === 'POST' && req.url.startsWith('/test/')) {
      const body = await readJson(req);
      if (req.url === '/test/id-token-ttl') idTokenTtl = Number(body.seconds);
      else if (req.url === '/test/next-id-token') nextIdToken = String(body.id_token);
      else if (req.url === '/test/rotate-keys') active = providers.after;
      else { res.writeHead(404); res.end(); return; }
      res.writeHead(204);
      res.end();
      return;
    }
    active(req, res);
  });
  console.log(`listening ${issuer}`);
});

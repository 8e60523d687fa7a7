/**
 * The server-rendered pages of the authorization endpoint: sign-in, consent and error. Plain
 * HTML forms, usable without JavaScript; every interpolated value is escaped.
 */
import { describeScope, type OAuthScope } from '../../core/oauth/scopes.js';

const escapeHtml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;background:#f5f6f8;color:#1d2330;margin:0}
main{max-width:28rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.3rem;margin-top:0}label{display:block;margin:.8rem 0 .2rem}input[type=email],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}
button{padding:.55rem 1.2rem;margin:1rem .5rem 0 0;font-size:1rem;cursor:pointer}.approve{background:#1f6feb;color:#fff;border:0;border-radius:4px}
.error{color:#b42318}code{background:#eef;padding:0 .2rem}li{margin:.3rem 0}`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Fieldtest</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>
`;
}

function hidden(fields: Readonly<Record<string, string>>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
}

export function signInPage(input: { appName: string; parameters: Readonly<Record<string, string>>; loginNonce: string; email?: string; problem?: string }): string {
  return layout('Sign in', `<h1>Sign in to authorize ${escapeHtml(input.appName)}</h1>
${input.problem ? `<p class="error" role="alert">${escapeHtml(input.problem)}</p>` : ''}
<form method="post" action="/oauth/sign-in">
${hidden({ ...input.parameters, login_nonce: input.loginNonce })}
<label for="email">Email</label><input id="email" name="email" type="email" required autocomplete="username" value="${escapeHtml(input.email ?? '')}">
<label for="token">Personal token</label><input id="token" name="token" type="password" required autocomplete="current-password">
<button class="approve" type="submit">Sign in</button>
</form>`);
}

export function consentPage(input: { appName: string; email: string; scopes: readonly OAuthScope[]; redirectUri: string; parameters: Readonly<Record<string, string>>; csrfToken: string }): string {
  const items = input.scopes.map((s) => `<li><code>${escapeHtml(s)}</code> — ${escapeHtml(describeScope(s))}</li>`).join('\n');
  return layout(`Authorize ${input.appName}`, `<h1>Authorize ${escapeHtml(input.appName)}</h1>
<p><strong>${escapeHtml(input.appName)}</strong> asks to use Fieldtest as <strong>${escapeHtml(input.email)}</strong>. It will be able to:</p>
<ul>${items}</ul>
<p>Never more than your own role allows. You can revoke this at any time (<code>/v2/oauth/grants</code>).
You will return to <code>${escapeHtml(new URL(input.redirectUri).origin)}</code>.</p>
<form method="post" action="/oauth/authorize">
${hidden({ ...input.parameters, csrf_token: input.csrfToken })}
<button class="approve" type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`);
}

export function errorPage(error: string, description: string): string {
  return layout('Authorization failed', `<h1>This authorization request cannot be completed</h1>
<p class="error" role="alert"><code>${escapeHtml(error)}</code>: ${escapeHtml(description)}</p>
<p>Nothing was shared with the app. Go back to it and try again, or tell its developers.</p>`);
}

import { html, type Html } from '../html.ts';
import { statusRegion } from '../layout.ts';

export function signInPage(): Html {
  return html`<section class="card narrow" aria-labelledby="sign-in-heading">
    <h2 id="sign-in-heading">Sign in with your mwl-bridge account</h2>
    <form class="stack" data-sign-in method="post">
      <div>
        <label for="username">Username</label
        ><input id="username" name="username" autocomplete="username" required maxlength="64" autofocus />
      </div>
      <div>
        <label for="password">Password</label
        ><input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          maxlength="1024"
        />
      </div>
      <button type="submit">Sign in</button>
    </form>
    ${statusRegion('sign-in-status')}
    <noscript><p class="error">This page needs JavaScript to sign in.</p></noscript>
    <p class="hint">
      No account? Ask the site's IT person: <span class="mono">mwl-bridge user create</span>.
    </p>
  </section>`;
}

/**
 * The dashboard's only script, served as `/assets/dashboard.js` (same origin, no inline script, so
 * the page's Content-Security-Policy allows scripts from 'self' only). Plain ES2020 for any browser
 * a hospital runs; it calls the REST api with the session cookie and the page's CSRF token.
 */
export const CLIENT_SCRIPT = String.raw`'use strict';
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute('content') : '';

  function say(id, text, isError) {
    var region = document.getElementById(id);
    if (!region) return;
    region.textContent = text;
    region.classList.toggle('error', Boolean(isError));
  }

  function problemText(response, fallback) {
    return response.json().then(
      function (problem) { return (problem && problem.detail) || fallback; },
      function () { return fallback; }
    );
  }

  var signIn = document.querySelector('form[data-sign-in]');
  if (signIn) {
    signIn.addEventListener('submit', function (event) {
      event.preventDefault();
      var data = new FormData(signIn);
      say('sign-in-status', 'Signing in…');
      fetch('/api/v1/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: data.get('username'), password: data.get('password') }),
        credentials: 'same-origin'
      }).then(function (response) {
        if (response.ok) { window.location.assign('/today'); return; }
        return problemText(response, 'Sign-in failed.').then(function (text) {
          say('sign-in-status', response.status === 401 ? 'Wrong username or password.' : text, true);
        });
      }, function () { say('sign-in-status', 'The server cannot be reached.', true); });
    });
  }

  document.querySelectorAll('[data-sign-out]').forEach(function (button) {
    button.addEventListener('click', function () {
      fetch('/api/v1/session', { method: 'DELETE', headers: { 'x-csrf-token': csrf }, credentials: 'same-origin' })
        .finally(function () { window.location.assign('/sign-in'); });
    });
  });

  // Delegated: the live region's refresh replaces the buttons.
  document.addEventListener('click', function (event) {
    var button = event.target instanceof Element ? event.target.closest('button[data-sync]') : null;
    if (!button || button.disabled) return;
    var name = button.getAttribute('data-sync');
    button.disabled = true;
    say('sync-status', 'Asking ' + name + ' to sync…');
    fetch('/api/v1/sources/' + encodeURIComponent(name) + '/sync', {
      method: 'POST', headers: { 'x-csrf-token': csrf }, credentials: 'same-origin'
    }).then(function (response) {
      if (response.status === 202) {
        say('sync-status', 'Sync of ' + name + ' requested. This page refreshes by itself; the new run appears when it starts.');
        return;
      }
      return problemText(response, 'The sync could not be requested.').then(function (text) {
        say('sync-status', 'Sync of ' + name + ' not started: ' + text, true);
      });
    }, function () { say('sync-status', 'The server cannot be reached.', true); })
      .finally(function () { button.disabled = false; });
  });

  var live = document.querySelector('[data-live]');
  if (live) {
    var seconds = Number(live.getAttribute('data-refresh-seconds')) || 60;
    window.setInterval(function () {
      if (document.hidden) return;
      fetch(window.location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } })
        .then(function (response) {
          if (response.redirected || !response.ok) { window.location.reload(); return; }
          return response.text().then(function (text) {
            var fresh = new DOMParser().parseFromString(text, 'text/html').querySelector('[data-live]');
            if (fresh) live.innerHTML = fresh.innerHTML;
          });
        })
        .catch(function () { /* offline for a moment: the next tick tries again */ });
    }, seconds * 1000);
  }
})();
`;

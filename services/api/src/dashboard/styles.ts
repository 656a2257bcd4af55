/**
 * The dashboard's stylesheet, served as `/assets/dashboard.css`. Colours keep at least 4.5:1
 * contrast with their background (WCAG AA); focus is always visible.
 */
export const STYLESHEET = `
:root { --ink: #1b1f24; --muted: #4a5560; --line: #c9d1d9; --bg: #f5f7fa; --card: #ffffff;
  --accent: #0b5cad; --accent-ink: #ffffff; --bad: #a4161a; --bad-bg: #fdecec; --ok: #1b5e20; --ok-bg: #e7f5e9;
  --warn: #7a4a00; --warn-bg: #fff4d6; --info: #0b4a8b; --info-bg: #e6f0fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f5b700; outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: -999px; top: 0; background: var(--card); padding: .5rem 1rem; }
.skip:focus { left: 1rem; z-index: 2; }
header.top { display: flex; align-items: center; gap: 1.5rem; padding: .6rem 1.5rem; background: #12304f; color: #fff; }
header.top .brand { font-weight: 700; font-size: 1.1rem; letter-spacing: .02em; }
header.top nav ul { display: flex; gap: .25rem; list-style: none; margin: 0; padding: 0; }
header.top nav a { color: #fff; text-decoration: none; padding: .4rem .8rem; border-radius: 4px; display: inline-block; }
header.top nav a:hover { background: #1f4a75; }
header.top nav a[aria-current="page"] { background: #fff; color: #12304f; font-weight: 600; }
header.top .who { margin-left: auto; display: flex; align-items: center; gap: .75rem; font-size: .9rem; }
main { max-width: 1240px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
main:focus { outline: none; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 0 0 .5rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
.card-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: .75rem; margin-bottom: .5rem; }
.hint { color: var(--muted); font-size: .9rem; margin: .25rem 0 .75rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef2f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
form.inline { display: flex; flex-wrap: wrap; align-items: flex-end; gap: .75rem; margin-bottom: 1rem; }
form.inline label, form.stack label { display: block; font-weight: 600; font-size: .9rem; margin-bottom: .2rem; }
form.stack { max-width: 22rem; }
.narrow { max-width: 30rem; }
form.search { align-items: flex-start; }
form.search .actions { flex-basis: 100%; display: flex; gap: .75rem; }
.station-name { color: var(--muted); font-weight: 400; font-size: 1rem; }
form.stack div { margin-bottom: .9rem; }
input, select { font: inherit; padding: .4rem .5rem; border: 1px solid #6b7682; border-radius: 4px; background: #fff; color: var(--ink); }
form.stack input { width: 100%; }
button, .button { font: inherit; padding: .45rem 1rem; border-radius: 4px; border: 1px solid var(--accent);
  background: var(--accent); color: var(--accent-ink); cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary { background: #fff; color: #12304f; border-color: #fff; }
button:disabled { opacity: .6; cursor: wait; }
.badge { display: inline-block; padding: .1rem .5rem; border-radius: 999px; font-size: .85rem; font-weight: 600; border: 1px solid transparent; white-space: nowrap; }
.s-scheduled, .s-arrived, .s-ready { background: var(--info-bg); color: var(--info); border-color: #9cc0e8; }
.s-started, .s-in-progress, .s-running, .s-held { background: var(--warn-bg); color: var(--warn); border-color: #e5c46b; }
.s-completed, .s-ok, .s-succeeded { background: var(--ok-bg); color: var(--ok); border-color: #98cf9e; }
.s-discontinued, .s-failed, .s-canceled { background: var(--bad-bg); color: var(--bad); border-color: #eba3a5; }
.s-never-run, .s-disabled, .s-departed { background: #eceff1; color: #37474f; border-color: #b0bec5; }
.counts { display: flex; flex-wrap: wrap; gap: .5rem; margin: 0; padding: 0; list-style: none; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .5rem 0 1rem; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; }
.status { min-height: 1.5rem; font-weight: 600; color: var(--ok); }
.status.error, .error { color: var(--bad); }
.fix { background: var(--info-bg); border-left: 4px solid var(--accent); padding: .5rem .75rem; margin: .5rem 0 .75rem; }
.empty { color: var(--muted); font-style: italic; }
.mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9rem; }
.nav-days { display: flex; gap: .5rem; align-items: center; }
`;

// `npm start`'s first step: writes examples/demo/worklist.current.csv (gitignored), the demo's
// template with its dates moved so that its first day is today (the host's day). The demo config
// (examples/demo/mwl.json) reads that file: a scanner asking for "today" always sees items.
import { refreshDemoWorklist } from './demo-files.ts';
import { localDay } from './demo-worklist.ts';

const today = localDay(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);
await refreshDemoWorklist(today);
process.stdout.write(`demo worklist for ${today} onwards: examples/demo/worklist.current.csv\n`);

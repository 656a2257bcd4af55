import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEPLOY_DIR } from './deploy-files.ts';
import { knownMetricNames } from './known-metrics.ts';
import { metricNamesIn } from './promql-names.ts';

/** deploy/: the Prometheus alert rules and the Grafana dashboard name only metrics that exist. */

interface Rule {
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: { id: number; title: string; targets: { expr: string; refId: string }[] }[];
}

const known = knownMetricNames();
const rules = parse(await readFile(join(DEPLOY_DIR, 'prometheus/mwl-bridge-alerts.yml'), 'utf8')) as RuleFile;
const dashboard = JSON.parse(
  await readFile(join(DEPLOY_DIR, 'grafana/mwl-bridge-dashboard.json'), 'utf8'),
) as Dashboard;
const unknownIn = (expr: string) => metricNamesIn(expr).filter((name) => !known.has(name));

describe('metricNamesIn', () => {
  it('finds the metrics of an expression, not its functions, labels, ranges or keywords', () => {
    expect(
      metricNamesIn(
        'sum by (source) (rate(a_total{outcome="failed",x=~"b_c"}[15m])) / on (source) group_left b_seconds > 1e3 unless c unless vector(1)',
      ).sort(),
    ).toEqual(['a_total', 'b_seconds', 'c']);
  });
});

describe('the alert rules', () => {
  const all = rules.groups.flatMap((group) => group.rules);

  it('name only metrics the services expose', () => {
    expect(all.flatMap((rule) => unknownIn(rule.expr).map((name) => `${rule.alert}: ${name}`))).toEqual([]);
  });

  it('cover the issue: stale and failing sources, held cancellations, 0xC000 and 0xA700, queue backlog', () => {
    expect(all.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'MwlSourceNotSynced',
        'MwlSourceSyncFailing',
        'MwlCancellationsHeld',
        'MwlGatewayQueriesFailing',
        'MwlGatewayResultsCapped',
        'MwlQueueBacklog',
      ]),
    );
  });

  it('each have a severity, a summary and a description', () => {
    for (const rule of all) {
      expect(['critical', 'warning', 'info'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toBeTruthy();
    }
  });

  it('catch a misspelled metric (a broken copy)', () => {
    const broken = all[0]!.expr.replace(
      'mwl_fetcher_last_success_timestamp_seconds',
      'mwl_fetcher_last_sucess_timestamp_seconds',
    );
    expect(unknownIn(broken)).toEqual(['mwl_fetcher_last_sucess_timestamp_seconds']);
  });
});

describe('the Grafana dashboard', () => {
  it('names only metrics the services expose, in every panel', () => {
    const targets = dashboard.panels.flatMap((panel) =>
      panel.targets.map((t) => ({ panel: panel.title, expr: t.expr })),
    );
    expect(targets.length).toBeGreaterThan(10);
    expect(targets.flatMap((t) => unknownIn(t.expr).map((name) => `${t.panel}: ${name}`))).toEqual([]);
  });

  it('has unique panel ids and a stable uid', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.uid).toBe('mwl-bridge');
  });
});

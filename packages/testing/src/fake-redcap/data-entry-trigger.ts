import type { FlatRow } from './project.ts';

/**
 * REDCap's Data Entry Trigger as the fake fires it: after every saved record, a form-encoded POST
 * to the project's trigger URL with REDCap's documented fields (`project_id`, `username`,
 * `instrument`, `record`, `redcap_event_name` in longitudinal projects, `redcap_repeat_instance`
 * for repeating forms, `<instrument>_complete`, `redcap_url`, `project_url`). REDCap does not
 * retry and ignores the answer; the fake records each outcome for tests.
 */
export interface DetOutcome {
  record: string;
  /** HTTP status, or 0 when the post failed (refused, timed out). */
  status: number;
}

export interface DataEntryTrigger {
  setUrl(url: string | null): void;
  /** Fires one trigger per saved row (REDCap fires per form save). */
  fire(recordId: string, rows: readonly FlatRow[]): void;
  /** Every trigger fired so far, settled. */
  settled(): Promise<DetOutcome[]>;
}

export function createDataEntryTrigger(options: {
  projectId: string;
  redcapUrl: string;
  firstForm: string;
  longitudinal: boolean;
}): DataEntryTrigger {
  let url: string | null = null;
  const fired: Promise<DetOutcome>[] = [];

  async function post(target: string, record: string, fields: Record<string, string>): Promise<DetOutcome> {
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      return { record, status: response.status };
    } catch {
      return { record, status: 0 };
    }
  }

  return {
    setUrl(next) {
      url = next;
    },
    fire(recordId, rows) {
      if (url === null) return;
      for (const row of rows.length > 0 ? rows : [{}]) {
        const instrument = row['redcap_repeat_instrument'] || options.firstForm;
        const fields: Record<string, string> = {
          redcap_url: options.redcapUrl,
          project_url: `${options.redcapUrl}redcap_v14.0.0/index.php?pid=${options.projectId}`,
          project_id: options.projectId,
          username: 'fake_user',
          record: recordId,
          instrument,
          [`${instrument}_complete`]: '2',
        };
        if (options.longitudinal && row['redcap_event_name'])
          fields['redcap_event_name'] = row['redcap_event_name'];
        if (row['redcap_repeat_instance']) fields['redcap_repeat_instance'] = row['redcap_repeat_instance'];
        fired.push(post(url, recordId, fields));
      }
    },
    settled: () => Promise.all(fired),
  };
}

import { REJECTION_CODES } from '@mwl/sources';
import { describe, expect, it } from 'vitest';
import { describeFailure } from './failure-help.ts';
import { addDays, clockTime, dayIn, localDateTime, parseDay, personName } from './format.ts';
import { html } from './html.ts';
import { EXPLAINED_REASON_CODES, fieldLabel, rejectionHelp, sourceKindOf } from './rejection-help.ts';

describe('html templates', () => {
  it('escapes every interpolated value, so a patient name cannot become markup', () => {
    const name = `<script>alert("x")</script> O'Brien & co`;
    expect(html`<td title="${name}">${name}</td>`.text).toBe(
      '<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; co">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; co</td>',
    );
  });

  it('keeps nested templates as markup and drops empty values', () => {
    const cells = ['a<b', 'c'].map((v) => html`<td>${v}</td>`);
    // prettier-ignore
    const row = html`<tr>${cells}${null}${undefined}${false}${0}</tr>`;
    expect(row.text).toBe('<tr><td>a&lt;b</td><td>c</td>0</tr>');
  });
});

describe('rejection explanations', () => {
  it('explains every rejection code the sources emit, and the writer duplicate UID', () => {
    for (const code of [...REJECTION_CODES, 'DUPLICATE_STUDY_INSTANCE_UID']) {
      expect(EXPLAINED_REASON_CODES, code).toContain(code);
    }
  });

  it.each([
    ['MWL_REJECT_INVALID_DATE', 'redcap', /REDCap.*date/],
    ['MWL_REJECT_INVALID_DATE', 'calpendo', /Calpendo/],
    ['MWL_REJECT_INVALID_DATE', 'file', /row of the file/],
    ['MWL_REJECT_MISSING_FIELD', 'file', /column/],
    ['MWL_REJECT_NO_SCHEDULED_TIME', 'redcap', /scan time/],
    ['MWL_REJECT_SOURCE_READ_FAILED', 'calpendo', /tries again/],
  ] as const)('tells how to fix %s in a %s source', (code, kind, fix) => {
    expect(rejectionHelp(code, kind).fix).toMatch(fix);
  });

  it('names a date that is not a date in its title, as "1990-13-01"', () => {
    expect(rejectionHelp('MWL_REJECT_INVALID_DATE', 'redcap').title).toContain(
      'not a real date (for example 1990-13-01)',
    );
  });

  it('gives a generic advice for a code it does not know', () => {
    expect(rejectionHelp('SOMETHING_NEW', 'redcap').fix).toMatch(/tell IT/);
  });

  it('maps source types to the kinds it has advice for', () => {
    expect(['redcap', 'calpendo', 'file', 'my-plugin', undefined].map(sourceKindOf)).toEqual([
      'redcap',
      'calpendo',
      'file',
      'other',
      'other',
    ]);
  });

  it('names worklist fields in words, and keeps unknown paths as they are', () => {
    expect(fieldLabel('patientBirthDate')).toBe('birth date');
    expect(fieldLabel('protocolCode.value')).toBe('protocol code');
    expect(fieldLabel('extra.foo')).toBe('extra.foo');
  });
});

describe('failure codes in words', () => {
  it('splits the stored "CODE: message" and puts the code in words', () => {
    expect(describeFailure('MWL_ERR_SOURCE_AUTH: REDCap answered 403')).toEqual({
      code: 'MWL_ERR_SOURCE_AUTH',
      words: expect.stringMatching(/refused our credentials/) as string,
      detail: 'REDCap answered 403',
    });
  });

  it('keeps a message without a code as the detail', () => {
    expect(describeFailure('something odd')).toEqual({
      code: '',
      words: 'The sync failed.',
      detail: 'something odd',
    });
  });
});

describe('display formats', () => {
  it.each([
    ['DOE^JANE', 'DOE, JANE'],
    ['DOE^JANE^MARIE^^', 'DOE, JANE MARIE'],
    ['SUBJECT01', 'SUBJECT01'],
    ['YAMADA^TARO=山田^太郎', 'YAMADA, TARO'],
  ])('shows the person name %s as %s', (pn, shown) => {
    expect(personName(pn)).toBe(shown);
  });

  it('shows times and days the way a coordinator reads them', () => {
    expect(clockTime('093000')).toBe('09:30');
    expect(dayIn(new Date('2026-03-11T05:00:00Z'), 'America/Edmonton')).toBe('2026-03-10');
    expect(localDateTime('2026-03-10T15:30:00Z', 'America/Edmonton')).toBe('2026-03-10 09:30');
    expect(localDateTime(null, 'UTC')).toBe('never');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('accepts only real calendar days from the date picker', () => {
    expect(parseDay('2026-03-10')).toBe('2026-03-10');
    expect(parseDay('1990-13-01')).toBeUndefined();
    expect(parseDay('2026-02-30')).toBeUndefined();
    expect(parseDay('20260310')).toBeUndefined();
    expect(parseDay(undefined)).toBeUndefined();
  });
});

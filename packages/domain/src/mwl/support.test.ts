import { describe, expect, it } from 'vitest';
import { transliterateToLatin1, isLatin1 } from './charset.ts';
import { renderConformanceStatement } from './conformance-statement.ts';
import { MWL_ATTRIBUTES, flattenAttributes } from './mwl-attributes.ts';
import { matchesWildcard, toSqlLikePattern } from './wildcard.ts';
import { WORKLIST_COLUMNS } from './worklist-row.ts';

describe('the MWL attribute table', () => {
  const entries = flattenAttributes(MWL_ATTRIBUTES);

  it('names each keyword once per level', () => {
    for (const level of [MWL_ATTRIBUTES, ...entries.map((entry) => entry.attribute.items)]) {
      const keywords = level.map((attribute) => attribute.keyword);
      expect(new Set(keywords).size).toBe(keywords.length);
    }
  });

  it('marks as required exactly the Required Matching Keys of Table K.6-1', () => {
    const required = entries
      .filter((entry) => entry.attribute.matchingKey === 'R')
      .map((entry) => entry.path.join('.'));
    expect(required.sort()).toEqual(
      [
        'PatientID',
        'PatientName',
        'ScheduledProcedureStepSequence',
        'ScheduledProcedureStepSequence.Modality',
        'ScheduledProcedureStepSequence.ScheduledPerformingPhysicianName',
        'ScheduledProcedureStepSequence.ScheduledProcedureStepStartDate',
        'ScheduledProcedureStepSequence.ScheduledProcedureStepStartTime',
        'ScheduledProcedureStepSequence.ScheduledStationAETitle',
      ].sort(),
    );
  });

  it('offers only single value matching on Patient ID, Station AE Title and Modality', () => {
    for (const keyword of ['PatientID', 'ScheduledStationAETitle', 'Modality']) {
      const entry = entries.find((candidate) => candidate.attribute.keyword === keyword);
      expect(entry?.attribute.matching).toEqual(['single']);
    }
  });

  it('maps every matchable non-sequence key to a known column', () => {
    for (const { attribute } of entries) {
      if (attribute.vr === 'SQ' || attribute.matching.length === 0) continue;
      expect(Object.keys(WORKLIST_COLUMNS)).toContain(attribute.column);
    }
  });

  it('writes tags as eight upper-case hexadecimal digits', () => {
    for (const { attribute } of entries) expect(attribute.tag).toMatch(/^[0-9A-F]{8}$/);
  });
});

describe('wild cards', () => {
  it.each([
    ['DOE*', 'DOE%'],
    ['D?E', 'D_E'],
    ['100%_off\\', '100\\%\\_off\\\\'],
    ['*', '%'],
  ])('turns the DICOM pattern %s into the LIKE pattern %s', (pattern, like) => {
    expect(toSqlLikePattern(pattern)).toBe(like);
  });

  it.each<[string, string, boolean, boolean]>([
    ['DOE*', 'DOE^JOHN', false, true],
    ['DOE', 'DOE^JOHN', false, false],
    ['doe*', 'DOE^JOHN', true, true],
    ['doe*', 'DOE^JOHN', false, false],
    ['D?E^*', 'DOE^J', false, true],
    ['?', '山', false, true],
    ['a.b', 'axb', false, false],
    ['*', '', false, true],
  ])('evaluates %s against %s (ignoring case: %s) as %s', (pattern, value, ignoreCase, expected) => {
    expect(matchesWildcard(pattern, value, ignoreCase)).toBe(expected);
  });
});

describe('transliterateToLatin1', () => {
  it.each([
    ['Müller^Jörg', 'Müller^Jörg'],
    ['Dvořák^Antonín', 'Dvorák^Antonín'],
    ['Łukasz', 'Lukasz'],
    ['Œuvre', 'OEuvre'],
    ['Søren', 'Søren'],
    ['e\u0301', 'é'],
    ['ﬁsh', 'fish'],
    ['山田^太郎', '??^??'],
    ['Иванов', '??????'],
    ['O’Brien', "O'Brien"],
    ['', ''],
  ])('writes %s as %s', (value, expected) => {
    const result = transliterateToLatin1(value);
    expect(result).toBe(expected);
    expect(isLatin1(result)).toBe(true);
  });
});

describe('renderConformanceStatement', () => {
  const text = renderConformanceStatement();

  it('lists every attribute of the table with its tag', () => {
    for (const { attribute } of flattenAttributes()) {
      expect(text).toContain(attribute.keyword);
      expect(text).toContain(`(${attribute.tag.slice(0, 4)},${attribute.tag.slice(4)})`);
    }
  });

  it('states the SOP classes and the person name rules', () => {
    expect(text).toContain('1.2.840.10008.5.1.4.31');
    expect(text).toContain('`DOE` does not match `DOE^JOHN`');
    expect(text).toContain('ignoring case');
    expect(renderConformanceStatement({ pnCaseInsensitive: false })).toContain('case-sensitive');
  });

  it('marks extensions beyond the standard', () => {
    expect(text).toMatch(/StudyInstanceUID .*SINGLE_VALUE, UID \|/);
    expect(text).toMatch(/ScheduledProcedureStepStatus .*SINGLE_VALUE, LIST \(extension\) \|/);
  });
});

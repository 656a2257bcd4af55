import { flattenAttributes, MWL_ATTRIBUTES, type MwlAttribute, type NaturalizedDataset } from '@mwl/domain';
import { RequestValidationError } from '../errors.ts';

/**
 * A QIDO-style query of the Modality Scheduled Procedure Step search (PS3.18 ch.14, 8.3.4) as a
 * C-FIND identifier, so that the DIMSE gateway's planner answers it. `{attributeID}={value}` are
 * matching keys (keyword or tag, nested with `.` as in `ScheduledProcedureStepSequence.Modality` /
 * `00400100.00080060`); `includefield` names return keys (universal matching, 8.3.4.3), `all` every
 * supported attribute. What each match returns: the default set (`DEFAULT_RETURN_KEYS`), the
 * matching keys and the included ones. A sequence named whole returns all its item attributes.
 */
export interface SearchQuery {
  identifier: NaturalizedDataset;
  offset: number;
  limit: number | undefined;
  /** `fuzzymatching=true` was asked: not supported, answered with a Warning header (8.3.4.5). */
  fuzzyIgnored: boolean;
}

const CONTROL_PARAMS = new Set(['includefield', 'offset', 'limit', 'fuzzymatching']);
const MAX_PARAMS = 64;
const MAX_VALUE = 1024;

const byTag = new Map(
  flattenAttributes().map((e) => [e.path.map((k) => tagOf(k, e.path)).join('.'), e.path]),
);

function tagOf(keyword: string, path: readonly string[]): string {
  let attributes: readonly MwlAttribute[] = MWL_ATTRIBUTES;
  for (const step of path) {
    const found = attributes.find((a) => a.keyword === step);
    if (!found) return keyword;
    if (step === keyword) return found.tag;
    attributes = found.items;
  }
  return keyword;
}

/** Keyword path of an attribute ID (`Keyword`, `Seq.Keyword`, `00100020`, `00400100.00080060`). */
function pathOf(id: string): string[] | undefined {
  if (/^[0-9A-Fa-f]{8}(\.[0-9A-Fa-f]{8})*$/.test(id)) return byTag.get(id.toUpperCase())?.slice();
  const path = id.split('.');
  let attributes: readonly MwlAttribute[] = MWL_ATTRIBUTES;
  for (const keyword of path) {
    const found = attributes.find((a) => a.keyword === keyword);
    if (!found) return undefined;
    attributes = found.items;
  }
  return path;
}

function findLeaf(path: readonly string[]): MwlAttribute | undefined {
  let attributes: readonly MwlAttribute[] = MWL_ATTRIBUTES;
  let found: MwlAttribute | undefined;
  for (const keyword of path) {
    found = attributes.find((a) => a.keyword === keyword);
    if (!found) return undefined;
    attributes = found.items;
  }
  return found;
}

function universal(attributes: readonly MwlAttribute[]): NaturalizedDataset {
  const dataset: NaturalizedDataset = {};
  for (const attribute of attributes) {
    dataset[attribute.keyword] = attribute.vr === 'SQ' ? [universal(attribute.items)] : '';
  }
  return dataset;
}

/**
 * Returned without `includefield`: the Required matching keys of Table K.6-1 and every attribute
 * of Return Key Type 1, the ones an SCP always answers with a value (patient name and ID, study
 * and requested procedure IDs, the step's station, start, modality, ID and performing physician).
 */
function isDefaultReturnKey(attribute: MwlAttribute): boolean {
  return attribute.matchingKey === 'R' || attribute.returnKeyType === '1';
}

function defaults(attributes: readonly MwlAttribute[]): NaturalizedDataset {
  const dataset: NaturalizedDataset = {};
  for (const attribute of attributes.filter(isDefaultReturnKey)) {
    dataset[attribute.keyword] = attribute.vr === 'SQ' ? [defaults(attribute.items)] : '';
  }
  return dataset;
}

/** Adds the attribute at `path` as a universal key (its parents too); returns its parent data set. */
function include(identifier: NaturalizedDataset, path: readonly string[]): NaturalizedDataset {
  let target = identifier;
  let attributes: readonly MwlAttribute[] = MWL_ATTRIBUTES;
  for (const [index, keyword] of path.entries()) {
    const attribute = attributes.find((a) => a.keyword === keyword)!;
    const last = index === path.length - 1;
    if (attribute.vr !== 'SQ') {
      if (target[keyword] === undefined) target[keyword] = '';
    } else if (last) {
      target[keyword] = [universal(attribute.items)];
    } else if (!Array.isArray(target[keyword])) {
      target[keyword] = [{}];
    }
    if (!last) target = (target[keyword] as NaturalizedDataset[])[0]!;
    attributes = attribute.items;
  }
  return target;
}

function integer(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) > max) {
    throw new RequestValidationError('invalid query', [
      { path: `query.${name}`, message: `must be 0-${max}` },
    ]);
  }
  return Number(value);
}

export function parseSearchQuery(params: URLSearchParams, maxResults: number): SearchQuery {
  const includes = params.getAll('includefield').flatMap((v) => v.split(','));
  const identifier = includes.includes('all') ? universal(MWL_ATTRIBUTES) : defaults(MWL_ATTRIBUTES);
  const problems: { path: string; message: string }[] = [];
  // Includes first: a whole sequence included must not replace a matching key set inside it.
  for (const name of includes.slice(0, MAX_PARAMS)) {
    if (name === '' || name === 'all') continue;
    const path = pathOf(name);
    if (path) include(identifier, path);
    else {
      problems.push({
        path: 'query.includefield',
        message: `${name.slice(0, 64)} is not a supported attribute`,
      });
    }
  }
  let count = 0;
  for (const [key, value] of params) {
    count += 1;
    if (count > MAX_PARAMS) {
      problems.push({ path: 'query', message: `at most ${MAX_PARAMS} parameters` });
      break;
    }
    if (CONTROL_PARAMS.has(key)) continue;
    const path = pathOf(key);
    if (!path) {
      problems.push({ path: `query.${key.slice(0, 64)}`, message: 'is not a supported attribute' });
      continue;
    }
    if (value.length > MAX_VALUE) {
      problems.push({ path: `query.${key}`, message: `at most ${MAX_VALUE} characters` });
      continue;
    }
    const target = include(identifier, path);
    const leaf = findLeaf(path);
    // QIDO lists UIDs with commas (PS3.18 8.3.4.1); C-FIND with backslashes.
    target[path.at(-1)!] = leaf?.vr === 'UI' ? value.replaceAll(',', '\\') : value;
  }
  if (problems.length > 0) throw new RequestValidationError('invalid search', problems);
  return {
    identifier,
    offset: integer('offset', params.get('offset') ?? undefined, maxResults) ?? 0,
    limit: integer('limit', params.get('limit') ?? undefined, maxResults),
    fuzzyIgnored: params.get('fuzzymatching') === 'true',
  };
}

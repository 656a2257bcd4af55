export * from './mwl-attributes.ts';
export * from './worklist-row.ts';
export * from './plan-types.ts';
export type { NaturalizedDataset } from './identifier-values.ts';
export * from './wildcard.ts';
export * from './match-plan.ts';
export * from './charset.ts';
export * from './response-builder.ts';
export * from './conformance-statement.ts';

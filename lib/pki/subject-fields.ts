// The six subject fields the partner cares about. A module of its own with no imports, so that
// lib/policy (loaded on plain form pages) does not pull the X.509 libraries into their bundles.
export const SUBJECT_FIELDS = ["C", "ST", "L", "O", "OU", "CN"] as const;
export type SubjectField = (typeof SUBJECT_FIELDS)[number];

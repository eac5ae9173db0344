import type { RestructureKind, RestructureOperation } from './restructure.api.ts';

/**
 * An operation as the editor holds it: the API's shape, except that a split's members are typed
 * as text (tags) and an abolished level's successors are a list of pairs, so that each pair has
 * its own two fields. `names` (translations given through the API) ride along untouched.
 */
export type SplitPartValues = { into?: string; children?: string[]; members?: string[] };
export type SuccessorValues = { from?: string; to?: string };
export type OperationValues = {
  kind: RestructureKind;
  code?: string;
  name?: string;
  names?: Record<string, string>;
  typeCode?: string;
  parent?: string;
  unit?: string;
  units?: string[];
  into?: string;
  parts?: SplitPartValues[];
  successors?: SuccessorValues[];
};

/** A new operation of a kind, with the lists it needs already there (a split starts with two parts). */
export function emptyOperation(kind: RestructureKind): OperationValues {
  switch (kind) {
    case 'merge': return { kind, units: [] };
    case 'split': return { kind, parts: [{ children: [], members: [] }, { children: [], members: [] }] };
    case 'abolish_level': return { kind, successors: [] };
    default: return { kind };
  }
}

/** A stored operation (as the API gives it) in the editor's shape. */
export function toValues(op: RestructureOperation): OperationValues {
  switch (op.kind) {
    case 'split':
      return {
        kind: op.kind, unit: op.unit,
        parts: op.parts.map((p) => ({ into: p.into, children: [...(p.children ?? [])], members: (p.members ?? []).map(String) })),
      };
    case 'abolish_level':
      return { kind: op.kind, typeCode: op.typeCode, successors: Object.entries(op.successors ?? {}).map(([from, to]) => ({ from, to })) };
    default:
      return { ...op };
  }
}

const trim = (s: string | undefined) => (s ?? '').trim();
const trimAll = (list: string[] | undefined) => (list ?? []).map((s) => s.trim()).filter((s) => s !== '');

/** The editor's values as the API takes them (codes trimmed, member numbers as numbers). */
export function toOperation(v: OperationValues): RestructureOperation {
  const names = v.names && Object.keys(v.names).length > 0 ? { names: v.names } : {};
  switch (v.kind) {
    case 'create':
      return { kind: v.kind, code: trim(v.code), name: trim(v.name), ...names, typeCode: trim(v.typeCode), parent: trim(v.parent) };
    case 'merge':
      return { kind: v.kind, units: trimAll(v.units), into: trim(v.into) };
    case 'split':
      return {
        kind: v.kind, unit: trim(v.unit),
        parts: (v.parts ?? []).map((p) => ({ into: trim(p.into), children: trimAll(p.children), members: trimAll(p.members).map(Number) })),
      };
    case 'move':
      return { kind: v.kind, unit: trim(v.unit), parent: trim(v.parent) };
    case 'abolish_level':
      return {
        kind: v.kind, typeCode: trim(v.typeCode),
        successors: Object.fromEntries((v.successors ?? []).filter((s) => trim(s.from) !== '').map((s) => [trim(s.from), trim(s.to)])),
      };
    case 'rename':
      return { kind: v.kind, unit: trim(v.unit), name: trim(v.name), ...names };
    case 'close':
      return { kind: v.kind, unit: trim(v.unit) };
  }
}

// Lease, PodDisruptionBudget, RoleBinding and ClusterRoleBinding rows.
import type { KubeObject } from '../../types.ts';
import { AGE_COLUMN, NAME_COLUMN, col } from '../columns.ts';
import type { Printer, TableCell } from '../columns.ts';
import { DESC } from '../descriptions.ts';
import { since } from '../duration.ts';
import { int, intOrString, str } from '../format.ts';

/** Lease printer: HOLDER AGE. */
export const leasePrinter: Printer = {
  columns: [NAME_COLUMN, col('Holder', DESC.leaseHolder), AGE_COLUMN],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const spec = obj.spec as { holderIdentity?: string } | undefined;
    return [
      obj.metadata.name ?? '',
      str(spec?.holderIdentity),
      since(obj.metadata.creationTimestamp, now),
    ];
  },
};

interface PDB extends KubeObject {
  spec?: { minAvailable?: number | string; maxUnavailable?: number | string };
  status?: { disruptionsAllowed?: number };
}

/** PodDisruptionBudget printer: MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE. */
export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Min Available', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', {
      type: 'integer',
    }),
    AGE_COLUMN,
  ],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const pdb = obj as PDB;
    const min = pdb.spec?.minAvailable;
    const max = pdb.spec?.maxUnavailable;
    return [
      pdb.metadata.name ?? '',
      min === undefined ? 'N/A' : intOrString(min),
      max === undefined ? 'N/A' : intOrString(max),
      int(pdb.status?.disruptionsAllowed),
      since(pdb.metadata.creationTimestamp, now),
    ];
  },
};

interface Binding extends KubeObject {
  roleRef?: { kind?: string; name?: string };
  subjects?: { kind?: string; name?: string; namespace?: string }[];
}

/** `rbac.SubjectsStrings`: users, groups and "namespace/name" service accounts, each joined by ", ". */
export function subjectStrings(b: Binding): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of b.subjects ?? []) {
    if (s.kind === 'ServiceAccount') sas.push(`${str(s.namespace)}/${str(s.name)}`);
    else if (s.kind === 'User') users.push(str(s.name));
    else if (s.kind === 'Group') groups.push(str(s.name));
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

function bindingPrinter(roleRefDesc: string, what: string): Printer {
  return {
    columns: [
      NAME_COLUMN,
      col('Role', roleRefDesc),
      AGE_COLUMN,
      col('Users', `Users in the ${what}`, { wide: true }),
      col('Groups', `Groups in the ${what}`, { wide: true }),
      col('ServiceAccounts', `ServiceAccounts in the ${what}`, { wide: true }),
    ],
    cells(obj: KubeObject, now: Date): TableCell[] {
      const b = obj as Binding;
      return [
        b.metadata.name ?? '',
        `${str(b.roleRef?.kind)}/${str(b.roleRef?.name)}`,
        since(b.metadata.creationTimestamp, now),
        ...subjectStrings(b),
      ];
    },
  };
}

/** RoleBinding printer: ROLE AGE | USERS GROUPS SERVICEACCOUNTS. */
export const roleBindingPrinter = bindingPrinter(DESC.rbRoleRef, 'roleBinding');

/** ClusterRoleBinding printer: ROLE AGE | USERS GROUPS SERVICEACCOUNTS. */
export const clusterRoleBindingPrinter = bindingPrinter(DESC.crbRoleRef, 'clusterRoleBinding');

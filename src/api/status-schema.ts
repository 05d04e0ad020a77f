// The PostgresCluster `.status` schema: observed state written by the operator and the agents.
import { boolean, integer, listOf, object, oneOf, string } from './schema-builder.ts';

/** Lifecycle phases shown in `kubectl get pgc` (conditions carry the details). */
export const CLUSTER_PHASES = [
  'Pending',
  'Initializing',
  'Ready',
  'Degraded',
  'Scaling',
  'Upgrading',
  'Switchover',
  'Failover',
  'Expanding',
  'Paused',
  'Invalid',
] as const;
/** Condition types the operator maintains. */
export const CONDITION_TYPES = ['Ready', 'Progressing', 'Degraded'] as const;
/** Roles an instance reports. */
export const INSTANCE_ROLES = ['primary', 'replica', 'unknown'] as const;

const CONDITION_TYPE_PATTERN =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$';
const CONDITION_REASON_PATTERN = '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$';
const LSN_PATTERN = '^[0-9A-F]{1,8}/[0-9A-F]{1,8}$';

/** One condition, exactly the shape of metav1.Condition. */
export const conditionSchema = object(
  {
    type: string('Type of condition in CamelCase: Ready, Progressing or Degraded.', {
      pattern: CONDITION_TYPE_PATTERN,
      maxLength: 316,
    }).required(),
    status: oneOf(['True', 'False', 'Unknown'], 'Status of the condition.').required(),
    observedGeneration: integer('The .metadata.generation the condition was set from.', {
      minimum: 0,
      format: 'int64',
    }),
    lastTransitionTime: string('Last time the condition changed from one status to another.', {
      format: 'date-time',
    }).required(),
    reason: string('Machine-readable CamelCase reason for the last transition.', {
      pattern: CONDITION_REASON_PATTERN,
      minLength: 1,
      maxLength: 1024,
    }).required(),
    message: string('Human-readable details about the transition.', {
      maxLength: 32768,
    }).required(),
  },
  'Condition contains details for one aspect of the current state of this cluster.',
);

/** One instance as its agent reports it. */
export const instanceStatusSchema = object(
  {
    name: string('Pod name of the instance.').required(),
    role: oneOf(INSTANCE_ROLES, 'Current role of the instance.'),
    ready: boolean('Whether the instance passes its readiness check.'),
    lsn: string(
      'Last WAL location: written (primary) or received (replica), as PostgreSQL prints it (0/3000060).',
      { pattern: LSN_PATTERN },
    ),
    lagBytes: integer('Bytes of WAL the replica is behind the primary.', {
      minimum: 0,
      format: 'int64',
    }),
    timeline: integer('PostgreSQL timeline the instance is on.', { minimum: 1, format: 'int64' }),
  },
  'Observed state of one instance.',
);

/** The `.status` node. */
export const statusSchema = object(
  {
    phase: oneOf(CLUSTER_PHASES, 'Summary of the cluster lifecycle; see conditions for details.'),
    conditions: listOf(conditionSchema, 'Latest observations of the cluster state.', {
      listType: 'map',
      mapKeys: ['type'],
    }),
    currentPrimary: string('Instance (pod name) that is the primary now.'),
    targetPrimary: string(
      'Instance that should be the primary; differs from currentPrimary during a switchover or failover.',
    ),
    timeline: integer('Timeline of the current primary.', { minimum: 1, format: 'int64' }),
    instances: integer('Number of instance pods that exist (scale subresource).', { minimum: 0 }),
    readyInstances: integer('Number of instances that are ready.', { minimum: 0 }),
    instancesStatus: listOf(instanceStatusSchema, 'Per-instance state, read from the agents.', {
      listType: 'map',
      mapKeys: ['name'],
    }),
    observedGeneration: integer('The .metadata.generation the operator last acted upon.', {
      minimum: 0,
      format: 'int64',
    }),
    selector: string(
      'Label selector of the instance pods, in string form (scale subresource, for HPA and kubectl).',
    ),
  },
  'Observed state of the PostgreSQL cluster.',
);

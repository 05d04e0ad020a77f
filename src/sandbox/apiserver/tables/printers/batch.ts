// Job and CronJob rows.
import type { KubeObject } from '../../types.ts';
import { AGE_COLUMN, CONTAINER_COLUMNS, NAME_COLUMN, col } from '../columns.ts';
import type { Printer, TableCell } from '../columns.ts';
import { DESC } from '../descriptions.ts';
import { humanDuration, parseTimestamp, since } from '../duration.ts';
import type { ContainerLike, LabelSelector } from '../format.ts';
import { containerCells, formatLabelSelector, int } from '../format.ts';

interface JobSpec {
  completions?: number;
  parallelism?: number;
  selector?: LabelSelector;
  template?: { spec?: { containers?: ContainerLike[] } };
}
interface Job extends KubeObject {
  spec?: JobSpec;
  status?: {
    succeeded?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: { type?: string; status?: string }[];
  };
}
interface CronJob extends KubeObject {
  spec?: {
    schedule?: string;
    timeZone?: string;
    suspend?: boolean;
    jobTemplate?: { spec?: JobSpec };
  };
  status?: { active?: unknown[]; lastScheduleTime?: string };
}

/** `hasJobCondition`: the first condition of that type decides. */
function hasCondition(job: Job, type: string): boolean {
  const c = (job.status?.conditions ?? []).find((x) => x.type === type);
  return c?.status === 'True';
}

function jobStatus(job: Job): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp !== undefined) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function completions(job: Job): string {
  const succeeded = int(job.status?.succeeded);
  if (typeof job.spec?.completions === 'number') return `${succeeded}/${job.spec.completions}`;
  const parallelism = int(job.spec?.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Job, now: Date): string {
  const start = parseTimestamp(job.status?.startTime);
  if (start === undefined) return '';
  const end = parseTimestamp(job.status?.completionTime) ?? now.getTime();
  return humanDuration(end - start);
}

/** Job printer: STATUS COMPLETIONS DURATION AGE | CONTAINERS IMAGES SELECTOR. */
export const jobPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Status', 'Status of the job.'),
    col('Completions', DESC.jobSucceeded),
    col('Duration', 'Time required to complete the job.'),
    AGE_COLUMN,
    ...CONTAINER_COLUMNS,
    col('Selector', DESC.jobSelector, { wide: true }),
  ],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const job = obj as Job;
    return [
      job.metadata.name ?? '',
      jobStatus(job),
      completions(job),
      jobDuration(job, now),
      since(job.metadata.creationTimestamp, now),
      ...containerCells(job.spec?.template?.spec?.containers),
      formatLabelSelector(job.spec?.selector),
    ];
  },
};

const boolPtr = (v: boolean | undefined): string =>
  v === undefined ? '<unset>' : v ? 'True' : 'False';

/** CronJob printer: SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE | CONTAINERS IMAGES SELECTOR. */
export const cronJobPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Schedule', DESC.cronSchedule),
    col('Timezone', DESC.cronTimeZone),
    col('Suspend', DESC.cronSuspend, { type: 'boolean' }),
    col('Active', DESC.cronActive, { type: 'integer' }),
    col('Last Schedule', DESC.cronLastSchedule),
    AGE_COLUMN,
    ...CONTAINER_COLUMNS,
    col('Selector', DESC.jobSelector, { wide: true }),
  ],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const cj = obj as CronJob;
    const jobSpec = cj.spec?.jobTemplate?.spec;
    const last = cj.status?.lastScheduleTime;
    return [
      cj.metadata.name ?? '',
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone ?? '<none>',
      boolPtr(cj.spec?.suspend),
      (cj.status?.active ?? []).length,
      last === undefined ? '<none>' : since(last, now),
      since(cj.metadata.creationTimestamp, now),
      ...containerCells(jobSpec?.template?.spec?.containers),
      formatLabelSelector(jobSpec?.selector),
    ];
  },
};

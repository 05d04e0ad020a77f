// The operator's memory: parsing /proc/<pid>/status and Prometheus text (pure), and a sampler of
// its resident set size over time.

/** A value of `VmRSS:`/`VmHWM:` in /proc/<pid>/status, in bytes; null when absent. */
export function procStatusBytes(text: string, field: 'VmRSS' | 'VmHWM'): number | null {
  const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : null;
}

/** The value of an unlabelled sample in Prometheus text exposition; null when absent. */
export function promValue(text: string, name: string): number | null {
  for (const line of text.split('\n')) {
    const [metric, value] = line.trim().split(/\s+/);
    if (metric === name && value !== undefined) {
      const n = Number(value);
      return Number.isFinite(n) ? n : null;
    }
  }
  return null;
}

/** One RSS reading: when (ms, the benchmark's clock) and how many bytes. */
export interface RssSample {
  at: number;
  bytes: number;
}

/** The largest reading in [from, to]; null when none. */
export function peakIn(samples: readonly RssSample[], from: number, to: number): number | null {
  let peak: number | null = null;
  for (const s of samples) {
    if (s.at >= from && s.at <= to && (peak === null || s.bytes > peak)) peak = s.bytes;
  }
  return peak;
}

/** What the sampler needs: a reading (null once the process is gone) and a clock. */
export interface SamplerDeps {
  readRss: () => number | null;
  now: () => number;
  everyMs: number;
}

/** Reads the RSS every `everyMs` until stopped; the samples accumulate in `samples`. */
export class RssSampler {
  readonly samples: RssSample[] = [];
  private readonly deps: SamplerDeps;
  private readonly timer: NodeJS.Timeout;

  constructor(deps: SamplerDeps) {
    this.deps = deps;
    this.timer = setInterval(() => this.sample(), deps.everyMs);
    this.sample();
  }

  /** Takes one reading now (also called at phase boundaries so short phases get one). */
  sample(): void {
    const bytes = this.deps.readRss();
    if (bytes !== null) this.samples.push({ at: this.deps.now(), bytes });
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

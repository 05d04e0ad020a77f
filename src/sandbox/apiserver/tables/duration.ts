// Human-readable ages as `kubectl get` prints them (apimachinery util/duration HumanDuration).

/** Formats an elapsed time in milliseconds the way upstream HumanDuration does ("5s", "3m2s", "2d3h", "5y"). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>'; // a clock far in the future of now
  if (seconds < 0) return '0s'; // up to a second of skew counts as now
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const dy = days % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

/** Parses an RFC 3339 timestamp; undefined for a missing, empty or unparsable value (Go's zero time). */
export function parseTimestamp(ts: unknown): number | undefined {
  if (typeof ts !== 'string' || ts === '') return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t;
}

/** Age of a timestamp relative to now, or "<unknown>" when it is unset (translateTimestampSince). */
export function since(ts: unknown, now: Date): string {
  const t = parseTimestamp(ts);
  return t === undefined ? '<unknown>' : humanDuration(now.getTime() - t);
}

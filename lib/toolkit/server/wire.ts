/** Shapes on the wire: the Step Functions JSON protocol sends dates as epoch seconds. */
export function epochSeconds(date: Date | undefined): number | undefined {
  return date === undefined ? undefined : date.getTime() / 1000;
}

/** Drops undefined fields, as AWS omits absent members. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Opaque pagination: the offset of the next page. */
export function paginate<T>(
  items: readonly T[],
  maxResults: unknown,
  nextToken: unknown,
  defaultMax: number,
) {
  const max = typeof maxResults === 'number' && maxResults > 0 ? Math.min(maxResults, 1000) : defaultMax;
  const start =
    typeof nextToken === 'string' ? Number(Buffer.from(nextToken, 'base64url').toString()) || 0 : 0;
  const page = items.slice(start, start + max);
  const next =
    start + max < items.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
  return { page, nextToken: next };
}

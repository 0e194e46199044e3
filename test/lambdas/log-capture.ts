/**
 * Captures what Powertools Logger writes (it writes to process.stdout/stderr directly in
 * Lambda mode), so tests can read the log lines and the test output stays quiet.
 */
export interface CapturedLogs {
  /** Every line written, raw. */
  readonly text: () => string;
  /** Every line parsed as JSON. */
  readonly entries: () => Record<string, unknown>[];
  readonly restore: () => void;
}

export function captureLogs(): CapturedLogs {
  const chunks: string[] = [];
  const record = (chunk: unknown): boolean => {
    chunks.push(String(chunk));
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(record);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(record);
  const text = () => chunks.join('');
  return {
    text,
    entries: () =>
      text()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      stdout.mockRestore();
      stderr.mockRestore();
    },
  };
}

import { PassThrough } from 'node:stream';
import { LogCapture } from '../../../../../lib/toolkit/local/lambda/log-capture';

describe('LogCapture', () => {
  it('keeps each line whole when one stream’s unfinished line arrives before the other’s', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const lines: string[] = [];
    const capture = new LogCapture(stdout, stderr, 'n', (line, stream) => lines.push(`${stream}:${line}`));
    const marker = '\u0000n:1\u0000';
    stdout.write(`log\nno newline${marker}`);
    await new Promise((resolve) => setImmediate(resolve));
    stderr.write(`oops\n${marker}`);
    await capture.untilComplete(1);
    expect(capture.take()).toBe('log\nno newline\noops\n');
    expect(lines).toEqual(['stdout:log', 'stdout:no newline', 'stderr:oops']);
  });
});

import type { Readable } from 'node:stream';

export type LogStream = 'stdout' | 'stderr';

/**
 * Collects one worker's stdout and stderr (its `stdout: true, stderr: true` streams) and splits
 * it per invocation. A worker's stdio and its message port are not ordered with each other, so
 * the worker ends each invocation's output with a marker (`\0<nonce>:<seq>\0`) on both streams;
 * an invocation's logs are complete once both markers have arrived. Output written after a
 * marker (by work the handler left running) goes to the next invocation, as on Lambda, where it
 * shows up when the environment next runs.
 */
export class LogCapture {
  private current = '';
  private next = '';
  /** The invocation whose output is being collected; workers number invocations 1, 2, 3… */
  private collecting = 1;
  private readonly streams: Record<LogStream, { pending: string; line: string; lastMarker: number }> = {
    stdout: { pending: '', line: '', lastMarker: 0 },
    stderr: { pending: '', line: '', lastMarker: 0 },
  };
  private waiting?: { seq: number; resolve: () => void };
  private readonly markerStart: string;

  constructor(
    stdout: Readable,
    stderr: Readable,
    nonce: string,
    private readonly onLine: (line: string, stream: LogStream) => void,
  ) {
    this.markerStart = `\u0000${nonce}:`;
    for (const [name, stream] of [
      ['stdout', stdout],
      ['stderr', stderr],
    ] as const) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => this.receive(name, chunk));
    }
  }

  /** Resolves once both streams have delivered the end marker of invocation `seq`. */
  untilComplete(seq: number): Promise<void> {
    if (this.hasMarker(seq)) return Promise.resolve();
    return new Promise((resolve) => (this.waiting = { seq, resolve }));
  }

  /** The finished invocation's output; what came after its markers starts the next one's. */
  take(): string {
    const logs = this.current;
    this.current = this.next;
    this.next = '';
    this.collecting++;
    return logs;
  }

  /** Flushes unterminated lines (the worker has exited: nothing more will come). */
  end(): void {
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = this.streams[name];
      this.output(name, stream.pending);
      stream.pending = '';
      this.flushLine(name);
    }
  }

  private hasMarker(seq: number): boolean {
    return this.streams.stdout.lastMarker >= seq && this.streams.stderr.lastMarker >= seq;
  }

  private receive(name: LogStream, chunk: string): void {
    const stream = this.streams[name];
    stream.pending += chunk;
    for (;;) {
      const at = stream.pending.indexOf(this.markerStart);
      if (at < 0) break;
      const end = stream.pending.indexOf('\u0000', at + this.markerStart.length);
      if (end < 0) {
        // The marker is split across chunks: emit what precedes it, wait for the rest.
        this.output(name, stream.pending.slice(0, at));
        stream.pending = stream.pending.slice(at);
        return;
      }
      this.output(name, stream.pending.slice(0, at));
      this.flushLine(name);
      stream.lastMarker = Number(stream.pending.slice(at + this.markerStart.length, end));
      stream.pending = stream.pending.slice(end + 1);
      if (this.waiting && this.hasMarker(this.waiting.seq)) {
        const { resolve } = this.waiting;
        this.waiting = undefined;
        resolve();
      }
    }
    // Keep a tail that could be the beginning of a marker.
    const keep = partialPrefixLength(stream.pending, this.markerStart);
    this.output(name, stream.pending.slice(0, stream.pending.length - keep));
    stream.pending = stream.pending.slice(stream.pending.length - keep);
  }

  /** Whole lines only reach the logs, so one stream's unfinished line never runs into the other's. */
  private output(name: LogStream, text: string): void {
    if (!text) return;
    const stream = this.streams[name];
    const lines = (stream.line + text).split('\n');
    stream.line = lines.pop() ?? '';
    for (const line of lines) {
      this.onLine(line, name);
      this.append(stream, `${line}\n`);
    }
  }

  private flushLine(name: LogStream): void {
    const stream = this.streams[name];
    if (stream.line) {
      this.onLine(stream.line, name);
      this.append(stream, stream.line);
    }
    stream.line = '';
  }

  /**
   * To the invocation the text belongs to. A line left without its newline (flushed at a marker)
   * gets one before more text follows: a process's stdout and stderr pipes arrive in either order.
   */
  private append(stream: { lastMarker: number }, text: string): void {
    if (stream.lastMarker >= this.collecting) this.next = joinLines(this.next, text);
    else this.current = joinLines(this.current, text);
  }
}

function joinLines(logs: string, text: string): string {
  return logs === '' || logs.endsWith('\n') ? logs + text : `${logs}\n${text}`;
}

/** The length of the longest end of `text` that is a beginning of `marker`. */
function partialPrefixLength(text: string, marker: string): number {
  for (let length = Math.min(marker.length - 1, text.length); length > 0; length--) {
    if (text.endsWith(marker.slice(0, length))) return length;
  }
  return 0;
}

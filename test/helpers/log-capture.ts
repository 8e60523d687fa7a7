/** A pino destination that keeps the log lines, so tests can find a request's line. */
import { Writable } from 'node:stream';

export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim()) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    callback();
  }

  forRequest(requestId: string): Record<string, unknown>[] {
    return this.lines.filter((l) => l.reqId === requestId);
  }
}

import type { IncomingMessage } from 'node:http';

/** The whole body, or `too-large` as soon as more than `maxBytes` arrived (the rest is never read). */
export type CappedBody = { readonly ok: true; readonly body: Buffer } | { readonly ok: false; readonly problem: 'too-large' | 'aborted' };

/**
 * Read a request body up to `maxBytes`. A declared Content-Length over the cap is refused before a byte is
 * read; a body that runs over it (chunked, or lying about its length) stops being read at the cap, so a
 * client cannot make the server hold more than `maxBytes` of it.
 */
export function readCappedBody(req: IncomingMessage, maxBytes: number): Promise<CappedBody> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.resolve({ ok: false, problem: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: CappedBody): void => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        done({ ok: false, problem: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => done({ ok: true, body: Buffer.concat(chunks, size) });
    const onError = (): void => done({ ok: false, problem: 'aborted' });
    const onClose = (): void => {
      if (!req.complete) done({ ok: false, problem: 'aborted' });
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

import { describe, expect, it } from 'vitest';
import { SendAborted, SendQueue } from '../../../../src/chat/irc/send-queue.js';
import { AdjustableClock } from '../../../../src/ground/clock.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');

/** A queue writing into an array, stamping each line with the manual clock's time (seconds after T0). */
function setup(rate = { linesPerSecond: 1, burst: 4 }) {
  const clock = AdjustableClock.manual(T0);
  const wire: Array<{ line: string; at: number }> = [];
  let ready = true;
  const queue = new SendQueue({
    clock,
    rate,
    ready: () => ready,
    write: async (line) => {
      wire.push({ line, at: (clock.now() - T0) / 1000 });
    },
  });
  return {
    clock,
    queue,
    wire,
    setReady(value: boolean) {
      ready = value;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('send queue (token bucket on the injected clock)', () => {
  it('sends a burst at once, then one line per 1/rate seconds, in order', async () => {
    const { clock, queue, wire } = setup();
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`);
    let done = false;
    void queue.send(lines).then(() => (done = true));
    await settle();
    expect(wire.map((w) => w.at)).toEqual([0, 0, 0, 0]);
    await clock.advanceBy(10_000);
    expect(wire).toHaveLength(14);
    expect(done).toBe(false);
    await clock.advanceBy(86_000);
    await settle();
    expect(done).toBe(true);
    expect(wire.map((w) => w.line)).toEqual(lines);
    // Never more than `burst` lines in any one second, and at most rate × t + burst by time t.
    wire.forEach((w, i) => expect(i + 1).toBeLessThanOrEqual(4 + Math.floor(w.at)));
    expect(wire.at(-1)!.at).toBe(96);
  });

  it('refills while idle, but never beyond the burst', async () => {
    const { clock, queue, wire } = setup({ linesPerSecond: 2, burst: 3 });
    void queue.send(['a', 'b', 'c']);
    await settle();
    await clock.advanceBy(60_000);
    void queue.send(['d', 'e', 'f', 'g', 'h']);
    await settle();
    expect(wire.map((w) => w.line).join('')).toBe('abcdef');
    await clock.advanceBy(500);
    expect(wire.map((w) => w.line).join('')).toBe('abcdefg');
    await clock.advanceBy(500);
    expect(wire.map((w) => `${w.line}@${w.at}`)).toEqual(['a@0', 'b@0', 'c@0', 'd@60', 'e@60', 'f@60', 'g@60.5', 'h@61']);
  });

  it('keeps the lines of one message together, messages in the order they were queued', async () => {
    const { clock, queue, wire } = setup({ linesPerSecond: 1, burst: 1 });
    const first = queue.send(['1a', '1b', '1c']);
    const second = queue.send(['2a', '2b']);
    await clock.advanceBy(10_000);
    await expect(Promise.all([first, second])).resolves.toEqual(['sent', 'sent']);
    expect(wire.map((w) => w.line)).toEqual(['1a', '1b', '1c', '2a', '2b']);
  });

  it('waits while not ready and goes on when woken', async () => {
    const { queue, wire, setReady } = setup();
    setReady(false);
    const sent = queue.send(['x']);
    await settle();
    expect(wire).toEqual([]);
    setReady(true);
    await queue.wake();
    await expect(sent).resolves.toBe('sent');
    expect(wire.map((w) => w.line)).toEqual(['x']);
  });

  it('asks beforeFirstLine just before the first line, and drops the message when it says no', async () => {
    const { clock, queue, wire } = setup({ linesPerSecond: 1, burst: 1 });
    const asked: number[] = [];
    void queue.send(['busy']);
    const skipped = queue.send(['never'], { beforeFirstLine: () => (asked.push(clock.now() - T0), false) });
    const sent = queue.send(['yes 1', 'yes 2'], { beforeFirstLine: () => (asked.push(clock.now() - T0), true) });
    await clock.advanceBy(5_000);
    await expect(skipped).resolves.toBe('skipped');
    await expect(sent).resolves.toBe('sent');
    // Asked only once a token was there to write at once: nothing waits between the record and the write.
    expect(asked).toEqual([1_000, 1_000]);
    expect(wire.map((w) => w.line)).toEqual(['busy', 'yes 1', 'yes 2']);
  });

  it('aborts every queued message on a disconnect, telling how many lines of each went out', async () => {
    const { clock, queue, wire } = setup({ linesPerSecond: 1, burst: 2 });
    const first = queue.send(['1a', '1b', '1c']);
    const second = queue.send(['2a']);
    await settle();
    queue.abortAll('the IRC connection dropped');
    await expect(first).rejects.toEqual(new SendAborted('the IRC connection dropped', 2));
    await expect(second).rejects.toMatchObject({ linesWritten: 0 });
    await clock.advanceBy(10_000);
    expect(wire.map((w) => w.line)).toEqual(['1a', '1b']);
    expect(clock.pending).toBe(0);
  });

  it('fails a message whose write fails and goes on with the next', async () => {
    const clock = AdjustableClock.manual(T0);
    const wire: string[] = [];
    const queue = new SendQueue({
      clock,
      rate: { linesPerSecond: 10, burst: 10 },
      ready: () => true,
      write: async (line) => {
        if (line === 'bad') throw new Error('socket gone');
        wire.push(line);
      },
    });
    await expect(queue.send(['ok 1', 'bad', 'lost'])).rejects.toMatchObject({ message: 'socket gone', linesWritten: 1 });
    await expect(queue.send(['ok 2'])).resolves.toBe('sent');
    expect(wire).toEqual(['ok 1', 'ok 2']);
  });
});

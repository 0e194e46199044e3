import { ActivityQueue } from '../../../../lib/toolkit/local/activity-queue';

const task = (n: number) => ({ taskToken: `t${n}`, input: `{"n":${n}}` });

describe('ActivityQueue', () => {
  it('hands tasks to polls first come, first served, each task to one poll', async () => {
    const queue = new ActivityQueue();
    const never = new AbortController().signal;
    const taken = [queue.offer(task(1), never), queue.offer(task(2), never)];
    expect(queue.waiting).toBe(2);
    await expect(queue.poll('a', 1000)).resolves.toEqual(task(1));
    await expect(queue.poll('b', 1000)).resolves.toEqual(task(2));
    await expect(Promise.all(taken)).resolves.toEqual(['a', 'b']);
    expect(queue.waiting).toBe(0);
  });

  it('answers the oldest waiting poll when a task arrives', async () => {
    const queue = new ActivityQueue();
    const first = queue.poll('first', 1000);
    const second = queue.poll('second', 50);
    await expect(queue.offer(task(1), new AbortController().signal)).resolves.toBe('first');
    await expect(first).resolves.toEqual(task(1));
    await expect(second).resolves.toBeUndefined();
    expect(queue.pollers).toBe(0);
  });

  it('takes an aborted task out of the queue, rejecting with the reason', async () => {
    const queue = new ActivityQueue();
    const controller = new AbortController();
    const offered = queue.offer(task(1), controller.signal);
    controller.abort(new Error('timed out'));
    await expect(offered).rejects.toThrow('timed out');
    await expect(queue.poll('a', 10)).resolves.toBeUndefined();
  });

  it('gives a task no poll whose worker went away', async () => {
    const queue = new ActivityQueue();
    const gone = new AbortController();
    const abandoned = queue.poll('gone', 1000, gone.signal);
    gone.abort();
    await expect(abandoned).resolves.toBeUndefined();
    const offered = queue.offer(task(1), new AbortController().signal);
    expect(queue.waiting).toBe(1);
    await expect(queue.poll('here', 10)).resolves.toEqual(task(1));
    await expect(offered).resolves.toBe('here');
  });

  it('answers waiting polls with no task when told to end them', async () => {
    const queue = new ActivityQueue();
    const poll = queue.poll(undefined, 1000);
    queue.endPolls();
    await expect(poll).resolves.toBeUndefined();
  });
});

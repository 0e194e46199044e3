import { MAX_TAGS, ResourceTags } from '../../../../lib/toolkit/local/tags';

describe('ResourceTags', () => {
  const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:M';
  const tags = () => new ResourceTags((a) => a === arn);

  it('keeps tags in the order first set, a key set again taking its new value', () => {
    const store = tags();
    store.created(arn, [{ key: 'b', value: '1' }]);
    store.tag(arn, [
      { key: 'a', value: '2' },
      { key: 'b', value: '3' },
    ]);
    expect(store.list(arn)).toEqual([
      { key: 'b', value: '3' },
      { key: 'a', value: '2' },
    ]);
    store.untag(arn, ['b', 'absent']);
    expect(store.list(arn)).toEqual([{ key: 'a', value: '2' }]);
  });

  it('refuses an unknown resource, too many tags and bad keys, changing nothing', () => {
    const store = tags();
    expect(() => store.list(`${arn}:1`)).toThrow(expect.objectContaining({ name: 'ResourceNotFound' }));
    const full = Array.from({ length: MAX_TAGS }, (_, i) => ({ key: `k${i}`, value: '' }));
    store.tag(arn, full);
    expect(() => store.tag(arn, [{ key: 'one-more', value: '' }])).toThrow(
      expect.objectContaining({ name: 'TooManyTags' }),
    );
    expect(() => store.tag(arn, [{ key: '', value: '' }])).toThrow(
      expect.objectContaining({
        name: 'ValidationException',
        message: expect.stringContaining("'tags.1.member.key'"),
      }),
    );
    expect(store.list(arn)).toHaveLength(MAX_TAGS);
  });

  it('forgets the tags of a deleted resource', () => {
    const store = tags();
    store.created(arn, [{ key: 'a', value: '1' }]);
    store.forget(arn);
    expect(store.list(arn)).toEqual([]);
  });
});

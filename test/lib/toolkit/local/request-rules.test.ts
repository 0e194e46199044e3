import {
  executionInput,
  MAX_INPUT_DEPTH,
  MAX_PAYLOAD_BYTES,
} from '../../../../lib/toolkit/local/request-rules';

/** `depth` arrays, one inside the other: `[]` is 1 deep, as the rule counts. */
const nested = (depth: number): unknown => {
  let value: unknown[] = [];
  for (let level = 1; level < depth; level++) value = [value];
  return value;
};

const refusal = (input: unknown) => {
  try {
    executionInput(input);
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('accepted');
};

describe('executionInput', () => {
  it('answers the value as JSON would carry it, a copy with its text', () => {
    const given = { when: new Date(0), gone: undefined, items: [1, 'two'] };
    const { value, json } = executionInput(given);
    expect(value).toEqual({ when: '1970-01-01T00:00:00.000Z', items: [1, 'two'] });
    expect(json).toBe(JSON.stringify(given));
    (given.items as unknown[]).push(3);
    expect(value).toEqual({ when: '1970-01-01T00:00:00.000Z', items: [1, 'two'] });
  });

  it(`takes input exactly ${MAX_INPUT_DEPTH} levels deep, and refuses one level more`, () => {
    expect(() => executionInput({ deep: nested(MAX_INPUT_DEPTH - 1) })).not.toThrow();
    expect(refusal({ deep: nested(MAX_INPUT_DEPTH) })).toEqual({
      name: 'InvalidExecutionInput',
      message: expect.stringContaining(`nested deeper than ${MAX_INPUT_DEPTH} levels`),
    });
  });

  it('refuses input too deep to serialize at all as too deep, not as a stack overflow', () => {
    expect(refusal(nested(200_000))).toEqual({
      name: 'InvalidExecutionInput',
      message: expect.stringContaining(`nested deeper than ${MAX_INPUT_DEPTH} levels`),
    });
  });

  it('refuses what JSON cannot carry, naming why', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(refusal(cycle)).toEqual({
      name: 'InvalidExecutionInput',
      message: expect.stringContaining('circular'),
    });
    expect(refusal({ n: 1n })).toEqual({
      name: 'InvalidExecutionInput',
      message: expect.stringContaining('BigInt'),
    });
  });

  it(`counts the limit of ${MAX_PAYLOAD_BYTES} bytes in UTF-8, not in characters`, () => {
    // A JSON string of n two-byte characters is n + 2 characters and 2n + 2 bytes.
    const fits = (MAX_PAYLOAD_BYTES - 2) / 2;
    expect(executionInput('é'.repeat(fits)).json).toHaveLength(fits + 2);
    expect(refusal('é'.repeat(fits + 1))).toEqual({
      name: 'ValidationException',
      message: expect.stringContaining('262144 bytes in UTF-8'),
    });
    expect(() => executionInput('a'.repeat(MAX_PAYLOAD_BYTES - 2))).not.toThrow();
    expect(refusal('a'.repeat(MAX_PAYLOAD_BYTES - 1)).name).toBe('ValidationException');
  });
});

import { runConformance } from '../../../../lib/toolkit/cli/conformance-command';

describe('order-workflow conformance without files', () => {
  it('counts the AWS-recorded corpus and the cases turned from other AWS recordings in test/conformance', async () => {
    const lines: string[] = [];
    const code = await runConformance([], {}, (line) => lines.push(line));
    expect(code).toBe(0);
    expect(lines).toContainEqual(expect.stringMatching(/^jsonpath\.json: \d+ cases/));
    expect(lines).toContainEqual('activities.json: 1 cases, outputs 1/1, histories 1/1');
    expect(lines.at(-1)).toMatch(/^conformance: outputs (\d+)\/\1, histories (\d+)\/\2$/);
  });
});

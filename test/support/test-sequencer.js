const Sequencer = require('@jest/test-sequencer').default;

/**
 * The suites that take longest, by their last measured wall time (the package test, the fault
 * drill, the CLI, the browser and the integration paths): started first when jest has no timings
 * of its own (a fresh clone, CI), so that none of them is left running alone at the end of the run.
 * With timings cached, jest's own order (failed first, then longest first) stands.
 */
const LONGEST_FIRST = [
  'test/package/consumer.test.ts',
  'test/drills/fault-injection.test.ts',
  'test/lib/toolkit/cli/bin.test.ts',
  'test/browser/console.test.ts',
  'test/integ/order-paths.test.ts',
  'test/drills/endpoint-abuse.test.ts',
  'test/lib/toolkit/local/dynamodb/start-local-dynamodb.test.ts',
];

class LongestFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const rank = (test) =>
      this.time(test) === undefined ? LONGEST_FIRST.findIndex((file) => test.path.endsWith(file)) : -1;
    const first = sorted.filter((test) => rank(test) >= 0).sort((a, b) => rank(a) - rank(b));
    return [...first, ...sorted.filter((test) => rank(test) < 0)];
  }
}

module.exports = LongestFirst;

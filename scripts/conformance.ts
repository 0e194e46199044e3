/**
 * Runs conformance case files through our ASL interpreter and prints the figures.
 *
 *   npx tsx scripts/conformance.ts <case-file...> [--verbose] [--baseline <out.json>]
 *
 * --verbose lists every failing case with the first difference; --baseline writes the names of the
 * passing cases per file (outputs and histories), the file test/lib/asl/conformance-baseline.json
 * is made of.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { FileReport, runConformanceFile } from '../lib/asl/conformance';

async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  const baselineIndex = argv.indexOf('--baseline');
  const baselineOut = baselineIndex >= 0 ? argv[baselineIndex + 1] : undefined;
  const files = argv.filter(
    (arg, i) => !arg.startsWith('--') && !(baselineIndex >= 0 && i === baselineIndex + 1),
  );
  if (files.length === 0) {
    console.error('usage: npx tsx scripts/conformance.ts <case-file...> [--verbose] [--baseline <out.json>]');
    return 2;
  }
  const baseline: Record<string, { outputs: string[]; histories: string[] }> = {};
  const summaries: string[] = [];
  const reports: FileReport[] = [];
  for (const file of files) {
    const report = await runConformanceFile(file);
    reports.push(report);
    for (const result of report.cases) {
      const history =
        result.historyPassed === undefined ? '' : result.historyPassed ? ' history:pass' : ' history:FAIL';
      const failed = !result.outputPassed || result.historyPassed === false;
      if (verbose || failed) {
        console.log(`${result.outputPassed ? 'pass' : 'FAIL'}${history}  ${result.id}`);
        if (failed) for (const problem of result.problems) console.log(`      ${problem.slice(0, 600)}`);
      }
    }
    console.log(
      `${basename(file)}: ${report.cases.length} cases, outputs ${report.outputs.passed} passed, histories ${report.histories.passed} passed`,
    );
    summaries.push(
      `conformance: outputs ${report.outputs.passed}/${report.outputs.total}, histories ${report.histories.passed}/${report.histories.total} (${basename(file)})`,
    );
    baseline[basename(file)] = {
      outputs: report.cases.filter((r) => r.outputPassed).map((r) => r.id),
      histories: report.cases.filter((r) => r.historyPassed).map((r) => r.id),
    };
  }
  const total = (key: 'outputs' | 'histories', field: 'passed' | 'total') =>
    reports.reduce((sum, report) => sum + report[key][field], 0);
  console.log(
    `total: outputs ${total('outputs', 'passed')}/${total('outputs', 'total')}, histories ${total('histories', 'passed')}/${total('histories', 'total')}`,
  );
  for (const line of summaries) console.log(line);
  if (baselineOut) writeFileSync(baselineOut, JSON.stringify(baseline, null, 2) + '\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

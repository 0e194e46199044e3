import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileReport } from '../asl/conformance-runner';
import { runConformanceThroughRuntime } from '../tools/runtime-conformance';
import { packageRoot } from '../package-root';

export interface ConformanceOptions {
  readonly verbose?: boolean;
  /** Write the passing case names per file here (the regression baseline). */
  readonly baseline?: string;
}

/** The corpus recorded on AWS, beside the project: ../shared/conformance. */
export const DEFAULT_CORPUS_DIR = path.resolve(packageRoot(), '..', 'shared', 'conformance');

/**
 * Cases this repository turned from other AWS recordings (LocalStack's snapshot files) into the
 * same format, one folder per API area: counted with the corpus when present.
 */
export const REPOSITORY_CASES_DIR = path.resolve(packageRoot(), 'test', 'conformance');

/**
 * `order-workflow conformance [files...]`: runs AWS-recorded cases through the local runtime and
 * prints the failing cases, a line per case file, and last one line a script can read:
 * `conformance: outputs P/N, histories H/M` over the files given. Returns the exit code.
 */
export async function runConformance(
  files: string[],
  options: ConformanceOptions,
  out: (line: string) => void = console.log,
): Promise<number> {
  const inputs = files.length > 0 ? files : defaultFiles();
  const reports: FileReport[] = [];
  for (const file of inputs) {
    if (!fs.existsSync(file)) throw new Error(`no conformance case file ${file}`);
    const report = await runConformanceThroughRuntime(file);
    reports.push(report);
    for (const result of report.cases) {
      const failed = !result.outputPassed || result.historyPassed === false;
      if (!failed && !options.verbose) continue;
      const history =
        result.historyPassed === undefined ? '' : result.historyPassed ? ' history:pass' : ' history:FAIL';
      out(`${result.outputPassed ? 'pass' : 'FAIL'}${history}  ${result.id}`);
      if (failed) for (const problem of result.problems) out(`      ${problem.slice(0, 600)}`);
    }
    out(
      `${path.basename(file)}: ${report.cases.length} cases, outputs ${report.outputs.passed}/${report.outputs.total}, histories ${report.histories.passed}/${report.histories.total}`,
    );
  }
  const sum = (key: 'outputs' | 'histories', field: 'passed' | 'total') =>
    reports.reduce((total, report) => total + report[key][field], 0);
  // The last line, for scripts: the figures over the files given (one file: that file's).
  out(
    `conformance: outputs ${sum('outputs', 'passed')}/${sum('outputs', 'total')}, histories ${sum('histories', 'passed')}/${sum('histories', 'total')}`,
  );
  if (options.baseline) {
    const baseline = Object.fromEntries(
      reports.map((r) => [
        path.basename(r.file),
        {
          outputs: r.cases.filter((c) => c.outputPassed).map((c) => c.id),
          histories: r.cases.filter((c) => c.historyPassed).map((c) => c.id),
        },
      ]),
    );
    fs.writeFileSync(options.baseline, JSON.stringify(baseline, null, 2) + '\n');
  }
  return 0;
}

function defaultFiles(): string[] {
  if (!fs.existsSync(DEFAULT_CORPUS_DIR)) {
    throw new Error(`no case files given, and no corpus at ${DEFAULT_CORPUS_DIR}`);
  }
  const repository = fs.existsSync(REPOSITORY_CASES_DIR)
    ? fs
        .readdirSync(REPOSITORY_CASES_DIR, { recursive: true, encoding: 'utf8' })
        .map((f) => path.join(REPOSITORY_CASES_DIR, f))
    : [];
  const corpus = fs.readdirSync(DEFAULT_CORPUS_DIR).map((f) => path.join(DEFAULT_CORPUS_DIR, f));
  return [...corpus.sort(), ...repository.sort()].filter((f) => f.endsWith('.json'));
}

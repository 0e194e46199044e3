import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { DynamoDbLocalFiles } from './dynamodb-local-install';

const SOURCE = path.join(__dirname, 'java', 'LoopbackDynamoDbLocal.java');
const MAIN_CLASS = 'LoopbackDynamoDbLocal';

/**
 * The java arguments that start DynamoDB Local listening on 127.0.0.1 only (its own command line
 * cannot: see java/LoopbackDynamoDbLocal.java), up to the main class; DynamoDB Local's own
 * arguments follow. The launcher is compiled once with the JDK's javac into DynamoDB Local's folder
 * (about 3 s of CPU); without javac, Java runs the source file directly (JDK 11+ source-file mode),
 * paying that compile at every start.
 */
export async function loopbackLauncherArgs(files: DynamoDbLocalFiles, javac?: string): Promise<string[]> {
  const classPath = [files.jar, path.join(files.libraryPath, '*')];
  if (!javac) return ['-cp', classPath.join(path.delimiter), SOURCE];
  const source = fs.readFileSync(SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const classes = path.join(files.dir, 'loopback-launcher', hash);
  if (!fs.existsSync(path.join(classes, `${MAIN_CLASS}.class`))) {
    // Compiled aside and renamed: two processes starting at once never see half a class folder.
    const partial = `${classes}.${process.pid}.partial`;
    fs.mkdirSync(partial, { recursive: true });
    await promisify(execFile)(javac, ['-cp', classPath.join(path.delimiter), '-d', partial, SOURCE]);
    try {
      fs.renameSync(partial, classes);
    } catch (error) {
      fs.rmSync(partial, { recursive: true, force: true });
      if (!fs.existsSync(classes)) throw error;
    }
  }
  return ['-cp', [...classPath, classes].join(path.delimiter), MAIN_CLASS];
}

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { classDataSharing, sharedClassPath } from './class-data-sharing';
import type { DynamoDbLocalFiles } from './dynamodb-local-install';

const SOURCE = path.join(__dirname, 'java', 'LoopbackDynamoDbLocal.java');
const MAIN_CLASS = 'LoopbackDynamoDbLocal';

/** How to start DynamoDB Local bound to the loopback interface. */
export interface LoopbackLauncher {
  /** The java arguments up to the main class; DynamoDB Local's own arguments follow. */
  readonly args: string[];
  /** Called with java's exit code once it has exited (publishes a class-data archive it wrote). */
  afterExit(exitCode: number | null): void;
  /** How long java may take to exit when stopped before it is killed. */
  readonly stopGraceSeconds: number;
  /** True when java writes something as it exits (a class-data archive): it must not be killed at once. */
  readonly writesAtExit: boolean;
}

/** Java stops in well under a second; writing the class-data archive at exit takes seconds on busy cores. */
const STOP_GRACE_SECONDS = 5;
const STOP_GRACE_SECONDS_DUMPING = 30;

/** The JDK tools the launcher uses when they are there. */
export interface JdkTools {
  readonly java: string;
  readonly javac?: string;
  readonly jar?: string;
}

/**
 * The launcher of DynamoDB Local listening on 127.0.0.1 only (its own command line cannot: see
 * java/LoopbackDynamoDbLocal.java). The launcher is compiled once with the JDK's javac into
 * DynamoDB Local's folder (about 3 s of CPU), and with the JDK's jar tool packed for class-data
 * sharing (class-data-sharing.ts: a faster start). Without javac, Java runs the source file
 * directly (JDK 11+ source-file mode), paying that compile at every start.
 */
export async function loopbackLauncher(files: DynamoDbLocalFiles, jdk: JdkTools): Promise<LoopbackLauncher> {
  const classPath = [files.jar, path.join(files.libraryPath, '*')];
  const noArchive = () => {};
  const stopGraceSeconds = STOP_GRACE_SECONDS;
  if (!jdk.javac) {
    return {
      args: ['-cp', classPath.join(path.delimiter), SOURCE],
      afterExit: noArchive,
      stopGraceSeconds,
      writesAtExit: false,
    };
  }
  const classes = await compiledLauncher(files, jdk.javac, classPath);
  const plain = {
    args: ['-cp', [...classPath, classes].join(path.delimiter), MAIN_CLASS],
    afterExit: noArchive,
    stopGraceSeconds,
    writesAtExit: false,
  };
  let shared;
  try {
    shared = await sharedClassPath(files, classes, MAIN_CLASS, jdk.jar);
  } catch {
    return plain; // no archive is slower, never wrong
  }
  if (!shared) return plain;
  const sharing = classDataSharing(jdk.java, shared, files.dir);
  return {
    args: [...sharing.javaArgs, '-cp', shared.classPath.join(path.delimiter), shared.mainClass],
    afterExit: (code) => sharing.afterExit(code),
    stopGraceSeconds: sharing.dumping ? STOP_GRACE_SECONDS_DUMPING : stopGraceSeconds,
    writesAtExit: sharing.dumping,
  };
}

/** The launcher's classes folder, compiled when missing. */
async function compiledLauncher(
  files: DynamoDbLocalFiles,
  javac: string,
  classPath: string[],
): Promise<string> {
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
  return classes;
}

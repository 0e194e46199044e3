import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { DynamoDbLocalFiles } from './dynamodb-local-install';

/**
 * Application class-data sharing (AppCDS) for DynamoDB Local: the JVM maps the classes DynamoDB
 * Local loads at start from an archive instead of reading, parsing and verifying them from some
 * 160 jars. Measured on two busy cores: ready in 1.2–1.7 s instead of 2.3–3.2 s.
 *
 * CDS accepts only jar files on the class path, and DynamoDBLocal.jar's manifest adds its own
 * folder (`Class-Path: . ...`). So the launcher's jar is a copy of DynamoDBLocal.jar with the
 * launcher class added and that manifest line emptied (made once with the JDK's `jar` tool, beside
 * the files, renamed into place); the libraries are listed jar by jar. The archive is written by
 * the JVM itself when the first DynamoDB Local started this way stops (-XX:ArchiveClassesAtExit),
 * and used from then on; it is keyed by the java executable and the class path, so another JDK or
 * another DynamoDB Local makes a new one. A JVM that cannot use an archive ignores it (-Xshare:auto,
 * the default) and starts as before.
 */

export interface SharedClassPath {
  /** The jars, in order: the launcher's jar, then DynamoDB Local's libraries. */
  readonly classPath: string[];
  readonly mainClass: string;
}

/** The archive's flags for one launch, and what to do once java has exited. */
export interface ClassDataSharing {
  readonly javaArgs: string[];
  /** Publishes a freshly dumped archive (java exited normally after a stop); a no-op otherwise. */
  afterExit(exitCode: number | null): void;
  /** True when this JVM writes the archive as it exits (a stop then takes seconds, once). */
  readonly dumping: boolean;
}

/**
 * The launcher's jar for CDS (`<dir>/loopback-launcher/<hash>.jar`), made when missing; undefined
 * without the JDK's `jar` tool (DynamoDB Local then starts without an archive).
 */
export async function sharedClassPath(
  files: DynamoDbLocalFiles,
  launcherClasses: string,
  mainClass: string,
  jarTool: string | undefined,
): Promise<SharedClassPath | undefined> {
  if (!jarTool) return undefined;
  const jar = `${launcherClasses}.jar`;
  if (!fs.existsSync(jar)) await makeLauncherJar(files, launcherClasses, mainClass, jarTool, jar);
  const libraries = fs
    .readdirSync(files.libraryPath)
    .filter((name) => name.endsWith('.jar'))
    .sort()
    .map((name) => path.join(files.libraryPath, name));
  return { classPath: [jar, ...libraries], mainClass };
}

async function makeLauncherJar(
  files: DynamoDbLocalFiles,
  launcherClasses: string,
  mainClass: string,
  jarTool: string,
  jar: string,
): Promise<void> {
  const partial = `${jar}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
  const manifest = `${partial}.manifest`;
  try {
    fs.copyFileSync(files.jar, partial);
    // Merged into the jar's own manifest: an empty Class-Path replaces `. log4j2.xml DynamoDBLocal_lib/...`.
    fs.writeFileSync(manifest, `Class-Path: \nMain-Class: ${mainClass}\n`);
    await promisify(execFile)(jarTool, [
      '--update',
      '--file',
      partial,
      '--manifest',
      manifest,
      '-C',
      launcherClasses,
      '.',
    ]);
    fs.renameSync(partial, jar);
  } finally {
    fs.rmSync(partial, { force: true });
    fs.rmSync(manifest, { force: true });
  }
}

/**
 * The CDS flags for a launch with this class path: map the archive when there is one; else have
 * this JVM write it at exit, under a name of its own, renamed into place by afterExit.
 */
export function classDataSharing(java: string, shared: SharedClassPath, dir: string): ClassDataSharing {
  const archive = path.join(dir, 'cds', `${archiveKey(java, shared)}.jsa`);
  if (fs.existsSync(archive)) {
    return { javaArgs: [`-XX:SharedArchiveFile=${archive}`], afterExit: () => {}, dumping: false };
  }
  fs.mkdirSync(path.dirname(archive), { recursive: true });
  removeAbandonedDumps(path.dirname(archive));
  const partial = `${archive}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
  return {
    javaArgs: [`-XX:ArchiveClassesAtExit=${partial}`],
    dumping: true,
    afterExit: (exitCode) => {
      // 0, or 143 after the watchdog's SIGTERM: the JVM ran its exit, archive included. A SIGKILL
      // (137) may have cut the dump short: such a file is never published.
      const whole = (exitCode === 0 || exitCode === 143) && fs.existsSync(partial);
      try {
        if (whole) fs.renameSync(partial, archive);
      } catch {
        // called from java's exit event: a failed rename leaves the next start without an archive
      } finally {
        fs.rmSync(partial, { force: true });
      }
    },
  };
}

/** The java executable (its real path, size and time) and the class path the archive was made for. */
function archiveKey(java: string, shared: SharedClassPath): string {
  const real = fs.realpathSync(java);
  const { size, mtimeMs } = fs.statSync(real);
  return createHash('sha256')
    .update(JSON.stringify([real, size, mtimeMs, shared.classPath, shared.mainClass]))
    .digest('hex')
    .slice(0, 16);
}

/** Dumps a JVM wrote with no process left to publish them (killed): tens of MB each. */
function removeAbandonedDumps(dir: string): void {
  const tenMinutesAgo = Date.now() - 10 * 60 * 1000;
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.partial')) continue;
    const file = path.join(dir, name);
    try {
      if (fs.statSync(file).mtimeMs < tenMinutesAgo) fs.rmSync(file, { force: true });
    } catch {
      // removed meanwhile
    }
  }
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  classDataSharing,
  sharedClassPath,
  SharedClassPath,
} from '../../../../../lib/toolkit/local/dynamodb/class-data-sharing';

/** The archive's life cycle with a stand-in java: which flags, and when a dump is published. */
describe('DynamoDB Local class-data sharing', () => {
  let dir: string;
  let java: string;
  const shared: SharedClassPath = { classPath: ['/x/launcher.jar', '/x/lib/a.jar'], mainClass: 'Main' };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-cds-'));
    java = path.join(dir, 'java');
    fs.writeFileSync(java, '#!/bin/sh\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const archiveFrom = (args: string[]) => args[0].replace(/^-XX:\w+=/, '');
  const archives = () => fs.readdirSync(path.join(dir, 'cds'));

  it('has the first JVM dump the archive at exit, published when it exited after a stop', () => {
    const first = classDataSharing(java, shared, dir);
    expect([first.dumping, first.javaArgs[0]]).toEqual([
      true,
      expect.stringMatching(/^-XX:ArchiveClassesAtExit=/),
    ]);
    fs.writeFileSync(archiveFrom(first.javaArgs), 'archive');
    first.afterExit(143); // SIGTERM from the watchdog: the JVM ran its exit
    expect(archives()).toEqual([expect.stringMatching(/^[0-9a-f]{16}\.jsa$/)]);
    const next = classDataSharing(java, shared, dir);
    expect([next.dumping, next.javaArgs[0]]).toEqual([
      false,
      expect.stringMatching(/^-XX:SharedArchiveFile=.*\.jsa$/),
    ]);
  });

  it('never publishes a dump cut short by SIGKILL, and removes it', () => {
    const first = classDataSharing(java, shared, dir);
    fs.writeFileSync(archiveFrom(first.javaArgs), 'half an archive');
    first.afterExit(137);
    expect(archives()).toEqual([]);
    expect(classDataSharing(java, shared, dir).dumping).toBe(true);
  });

  it('keys the archive by the class path: another DynamoDB Local makes its own', () => {
    const first = classDataSharing(java, shared, dir);
    fs.writeFileSync(archiveFrom(first.javaArgs), 'archive');
    first.afterExit(0);
    const other = classDataSharing(java, { ...shared, classPath: ['/y/launcher.jar'] }, dir);
    expect(other.dumping).toBe(true);
  });

  it('is not used without the JDK’s jar tool', async () => {
    const files = { dir, jar: path.join(dir, 'DynamoDBLocal.jar'), libraryPath: path.join(dir, 'lib') };
    await expect(
      sharedClassPath(files, path.join(dir, 'classes'), 'Main', undefined),
    ).resolves.toBeUndefined();
  });
});

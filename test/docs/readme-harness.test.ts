import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

describe('README’s harness example', () => {
  it('is the consumer test CI runs against the packed package, as written', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Use it in your project'));
    const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    const fixture = path.join(ROOT, 'test', 'package', 'fixtures', 'consumer-app', 'test', 'harness.test.ts');
    expect(example).toBe(fs.readFileSync(fixture, 'utf8'));
  });
});

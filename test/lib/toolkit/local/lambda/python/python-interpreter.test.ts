import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  findPython,
  PYTHON_CANDIDATES,
  pythonCandidatesFor,
} from '../../../../../../lib/toolkit/local/lambda/python/python-interpreter';
import { fixtureBundles } from '../fixtures';

const fixtures = fixtureBundles();

describe('the python3 Python functions run on', () => {
  it('is looked for as the function’s own version first, then python3 on PATH, then Debian’s', () => {
    expect(pythonCandidatesFor('python3.12')).toEqual(['python3.12', 'python3', '/usr/bin/python3']);
    expect(pythonCandidatesFor(undefined)).toBe(PYTHON_CANDIDATES);
    expect(pythonCandidatesFor('python3.12', ['/opt/python'])).toEqual(['/opt/python']);
  });

  it('is the first candidate that has boto3, before an earlier one without it', () => {
    // A python3 that cannot see its site-packages (-S): no boto3, as a bare pyenv install.
    const bare = path.join(fixtures.root, 'bare-python3');
    fs.writeFileSync(bare, `#!/bin/sh\nexec ${findPython().interpreter?.executable} -S "$@"\n`, {
      mode: 0o755,
    });
    expect(findPython([bare]).interpreter).toMatchObject({ version: expect.stringMatching(/^3\./) });
    expect(findPython([bare]).interpreter?.boto3).toBeUndefined();
    const chosen = findPython([bare, ...PYTHON_CANDIDATES]).interpreter;
    expect(chosen?.boto3).toEqual(expect.any(String));
  });

  it('is absent when no candidate runs', () => {
    expect(findPython(['/nowhere/python3'])).toEqual({ interpreter: undefined, tried: ['/nowhere/python3'] });
  });
});

/**
 * `node test/support/concurrently.js <npm script>...`: runs the npm scripts at once and fails if
 * any fails. Each one's output is held and printed whole when it ends, with its time. The checks
 * (ESLint, Prettier, madge, tsc) are single-threaded: run together they keep both cores busy.
 */
const { spawn } = require('node:child_process');

function run(script) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`${code === 0 ? '✔' : '✘'} ${script} (${seconds} s)${code === 0 ? '' : `: exit ${code}`}`);
      if (output.trim()) console.log(output.trimEnd().replace(/^/gm, '  '));
      resolve(code);
    });
  });
}

Promise.all(process.argv.slice(2).map(run)).then((codes) => {
  process.exitCode = codes.every((code) => code === 0) ? 0 : 1;
});

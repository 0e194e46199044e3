import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/**
 * The local toolkit runs any CDK app's cloud assembly: it imports nothing of the construct or of
 * this repository's app (type imports included; the core rule sees `import type` too). Only
 * lib/toolkit/cli/this-app.ts, the CLI's bridge to this app, may.
 */
const TOOLKIT = ['lib/toolkit/**'];
const TOOLKIT_BRIDGE = ['lib/toolkit/cli/this-app.ts'];
const NOT_FOR_THE_TOOLKIT = {
  group: [
    '**/construct',
    '**/construct/**',
    '**/app',
    '**/app/**',
    '**/order-workflow-stack',
    'cdk-nag',
    'cdk-nag/**',
  ],
  message:
    'The toolkit knows nothing of the construct or of this app: it receives an assembly (see lib/toolkit/cli/this-app.ts).',
};

export default tseslint.config(
  {
    // test/fixtures/apps: third-party CDK apps, kept as their authors wrote them.
    ignores: [
      'node_modules/',
      'cdk.out/',
      'cdk.out.local/',
      'coverage/',
      'dist/',
      '**/*.d.ts',
      'test/fixtures/apps/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: globals.node,
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: TOOLKIT,
    ignores: TOOLKIT_BRIDGE,
    rules: { 'no-restricted-imports': ['error', { patterns: [NOT_FOR_THE_TOOLKIT] }] },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);

// Lint: type-aware rules, size caps, and the import-direction rules from DESIGN.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Folders that a folder may not import from (DESIGN.md "Dependency direction"). */
const forbidden = {
  lib: ['api', 'kube', 'sandbox', 'operator', 'instance', 'postgres', 'backup', 'cli'],
  api: ['kube', 'sandbox', 'operator', 'instance', 'postgres', 'backup', 'cli'],
  postgres: ['kube', 'sandbox', 'operator', 'instance', 'api', 'backup', 'cli'],
  backup: ['kube', 'sandbox', 'operator', 'instance', 'api', 'postgres', 'cli'],
  kube: ['sandbox', 'operator', 'instance', 'postgres', 'backup', 'cli'],
  sandbox: ['operator', 'instance', 'postgres', 'backup', 'cli'],
  operator: ['sandbox', 'instance', 'postgres', 'cli'],
  instance: ['sandbox', 'operator', 'cli'],
};

const boundaries = Object.entries(forbidden).map(([from, targets]) => ({
  files: [`src/${from}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: targets.map((t) => ({
          group: [`**/${t}/*`, `../${t}`, `../../${t}`],
          message: `src/${from} may not import src/${t} (see DESIGN.md, dependency direction).`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/**', '.steward/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { process: 'readonly', console: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'max-depth': ['error', 4],
      'max-params': ['error', 5],
      complexity: ['error', 25],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      complexity: 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['test', 'it', 'describe', 'suite'], package: 'node:test' },
          ],
        },
      ],
    },
  },
  ...boundaries,
);

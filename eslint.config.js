import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/', 'web/dist/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The domain is pure: no I/O, no clock, no randomness.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: 'src/domain must not do I/O.' },
            { regex: '^(fs|path|http|https|net|child_process|os|pg|kysely|fastify|@electric-sql/.*)$', message: 'src/domain must not do I/O.' },
            { regex: '^\\.\\./\\.\\./(app|store|imports|integrations|server|cli|jobs)/', message: 'src/domain must not import from outer layers.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'Use CalendarDate; the domain has no clock.' },
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'The domain has no clock.' },
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'The domain has no randomness.' },
      ],
    },
  },
  {
    files: ['web/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['bin/**'],
    languageOptions: { globals: { ...globals.node } },
  },
);

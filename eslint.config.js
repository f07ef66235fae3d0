// ESLint flat config: @eslint/js recommended + typescript-eslint recommended (no type
// information needed). Correctness rules only; formatting (semicolons, quotes, spacing)
// is deliberately not enforced here.
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

// Every global of the Node.js runtime running ESLint (process, Buffer, fetch, URL, ...),
// so plain .js files (bench/) are checked by no-undef without an extra dependency.
const nodeGlobals = Object.fromEntries(
  Object.getOwnPropertyNames(globalThis)
    .filter(name => /^[A-Za-z_$][\w$]*$/.test(name))
    .map(name => [name, 'readonly']),
)

export default defineConfig(
  {
    ignores: ['dist/', 'node_modules/', 'coverage/', '.tap/', '.sandbox-data/'],
  },
  {
    files: [
      'src/**/*.{ts,mts,cts,js,mjs}',
      'test/**/*.{ts,mts,cts,js,mjs}',
      'bench/**/*.{ts,mts,cts,js,mjs}',
      'scripts/**/*.{js,mjs}',
    ],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      sourceType: 'module',
      globals: nodeGlobals,
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // An empty catch is the idiom for "ignore this failure" here; other empty blocks are not.
      'no-empty': ['error', { allowEmptyCatch: true }],
      // A leading underscore marks a deliberately unused name.
      '@typescript-eslint/no-unused-vars': ['error', {
        args: 'after-used',
        argsIgnorePattern: '^_',
        varsIgnorePattern: '^_',
        caughtErrorsIgnorePattern: '^_',
        destructuredArrayIgnorePattern: '^_',
        ignoreRestSiblings: true,
      }],
    },
  },
)

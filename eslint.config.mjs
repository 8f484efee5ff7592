// ESLint for the whole repository (`npm run lint`; bin/test runs it before Jest and a finding fails the run).
// typescript-eslint's type-checked recommended set, less the rules that only flood (see below), plus the rules that
// catch real defects in this code (promises nobody awaits or that a callback drops, loose equality, value imports
// kept only for types) and those that keep the layout's rules true: no package reaches into another by a relative
// path, the pure domain imports no package, server code logs through its logger. Formatting is Prettier's job.
import path from 'node:path';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;

/** The package a file belongs to: `apps/<name>`, `libs/<name>`, or the top-level folder (test, bench, types, …). */
function packageOf(file) {
  const [top, name] = path.relative(ROOT, file).split(path.sep);
  return top === 'apps' || top === 'libs' ? `${top}/${name}` : top;
}

/**
 * Code inside an app or a lib may not climb out of it by a relative path (`../../libs/…`, `../../../apps/…`): apps
 * and libs use a lib through its public index, by its `@chat/*` alias (tsconfig.json's paths, the widget's own
 * tsconfig for the browser-safe ones), libs never import apps, and an app never imports another. test/ and bench/
 * stand outside every package and drive them from there: they may reach into apps (test/support/apps.ts builds
 * the app modules, specs read an app's constants) and into lib internals that the indexes rightly keep private
 * (bench/archive-queries.ts seeds through persistence's schemas), and bench/ uses test/support.
 */
const noPackageClimbing = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid relative imports that leave the app or lib the file belongs to' },
    schema: [],
    messages: {
      lib: "'{{spec}}' climbs out of {{from}} into {{target}}: import it through its alias, '{{alias}}' (or a sub-path alias tsconfig names)",
      other: "'{{spec}}' climbs out of {{from}} into {{target}}: libs never import apps, apps never import each other",
    },
  },
  create(context) {
    const from = packageOf(context.filename);
    if (!from.startsWith('apps/') && !from.startsWith('libs/')) return {};
    const check = (node) => {
      if (node?.type !== 'Literal' || typeof node.value !== 'string' || !node.value.startsWith('.')) return;
      const target = packageOf(path.resolve(path.dirname(context.filename), node.value));
      if (target === from) return;
      const lib = target.startsWith('libs/');
      context.report({
        node,
        messageId: lib ? 'lib' : 'other',
        data: { spec: node.value, from, target, alias: lib ? `@chat/${target.slice('libs/'.length)}` : '' },
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportType: (node) => check(node.source ?? node.argument?.literal),
      TSExternalModuleReference: (node) => check(node.expression),
      'CallExpression[callee.name="require"]': (node) => check(node.arguments[0]),
    };
  },
};

export default defineConfig(
  globalIgnores(['dist/', '.stack/', 'coverage/', 'test-results/', 'bench/results/']),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // Each file is checked with the tsconfig that compiles it: the root one, or apps/widget's for the browser code.
      parserOptions: { projectService: true, tsconfigRootDir: ROOT },
      globals: globals.node,
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { chat: { rules: { 'no-package-climbing': noPackageClimbing } } },
    rules: {
      'chat/no-package-climbing': 'error',

      // Defects: a promise nobody awaits or catches, or one handed where a plain callback is expected (its
      // rejection then goes unhandled); a returned promise inside try/catch that the catch never sees.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      eqeqeq: 'error',
      // A switch over a union without a default must name every member, so that a new kind cannot slip past it (one
      // with a default, or ending in assertNever, says what happens to the rest).
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // `_name` says "deliberately unused" (an interface's parameter, a skipped tuple slot); `{ a, ...rest }` drops `a`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Type-only imports say so (`import type`, or `import { type X }` beside values), so that the compilers, which
      // elide them, and a reader agree; `import('…').X` in a type position stays allowed. Under emitDecoratorMetadata
      // the rule skips every file with a decorator (Nest's injection reads constructor types at run time).
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // URL and URLSearchParams print as what they hold.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true, allowRegExp: true, allow: ['URL', 'URLSearchParams'] },
      ],

      // Left out because they flood without finding defects here:
      // - an `async` method without `await` is how a Nest lifecycle hook or a port's method keeps its promise
      //   contract (and turns a throw into a rejection); removing `async` would change that behaviour;
      '@typescript-eslint/require-await': 'off',
      // - the `any`s they follow come from libraries' own types (Nest, Socket.IO, the Mongo driver), JSON bodies in
      //   the end-to-end suites and Jest's asymmetric matchers (`expect.any`), not from this code;
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // - restrict-template-expressions already refuses an object in a template; the String(…) calls this one flags
      //   here are on caught errors, WebSocket frames and text form fields;
      '@typescript-eslint/no-base-to-string': 'off',
      // - HTTP statuses are compared as numbers with Nest's HttpStatus enum on purpose;
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // - XML's character ranges and the JID grammar name control characters on purpose (XML 1.0 §2.2, RFC 7622).
      'no-control-regex': 'off',
    },
  },
  {
    // The end-to-end suites and the benches read JSON answers whose shapes they then assert.
    files: ['test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Server code logs through Nest's Logger (pino), never the console; the browser widget, test/ and bench/ may.
    files: ['apps/api/**', 'apps/gateway/**', 'apps/worker/**', 'libs/**'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // The pure domain imports no framework and no package (the widget bundles part of it): only its own files and
    // Node's built-ins.
    files: ['libs/domain/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\.|node:)', message: 'libs/domain imports no package: only its own files and node: built-ins' }] }],
    },
  },
  {
    files: ['apps/widget/src/**', 'apps/widget/demo/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Plain JavaScript (the widget's build script, Jest's config and reporter, a test helper) is in no tsconfig.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.cjs', 'jest.config.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

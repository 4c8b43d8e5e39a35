import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const FEATURES = ['images', 'speech', 'characters', 'account', 'semantic', 'models', 'checkpoints', 'terminal', 'mcp', 'assets', 'video', 'music', 'transcribe', 'gallery'];
const ADAPTERS = ['chat', 'lm', 'participant', 'webview'];
const NO_VSCODE = { name: 'vscode', message: 'This folder stays vscode-free (plain Node/browser code, tested without VS Code).' };
/** A relative import that reaches one of `folders` of src/ (from any depth). */
const into = (folders, message) => ({ regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message });
/** A relative import that leaves the file's own folder for anything but the `allowed` folders. */
const outsideOf = (allowed, message) => ({ regex: `^\\.\\./(?!(${allowed.join('|')})(/|$))`, message });
const restrict = (files, { vscode = false, patterns = [], ignores = [] }) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { paths: vscode ? [NO_VSCODE] : [], patterns }] },
});

function folderRules() {
  return [
    restrict(['src/venice/**/*.ts'], { vscode: true, patterns: [outsideOf(['util', 'shared'], 'src/venice/ imports only src/venice, src/util and src/shared.')] }),
    restrict(['src/util/**/*.ts', 'src/shared/**/*.ts'], { vscode: true, patterns: [outsideOf(['util', 'shared'], 'src/util/ and src/shared/ import only each other.')] }),
    restrict(['src/llm/**/*.ts'], { vscode: true, patterns: [into([...FEATURES, ...ADAPTERS], 'src/llm/ (the conversation core) imports no feature or adapter folder.')] }),
    restrict(['src/tools/**/*.ts'], { patterns: [into([...FEATURES, ...ADAPTERS], 'src/tools/ imports no feature or adapter folder: a feature registers its own chat tools.')] }),
    restrict(['src/chat/**/*.ts'], {
      patterns: [into(['lm', 'participant'], 'src/chat/ does not import the other adapters.'), { regex: '^\\.\\./webview/chatViewProvider$', message: 'src/chat/ does not import the view provider: the composition root wires it.' }],
    }),
    restrict(['src/lm/**/*.ts'], { patterns: [into(['participant', 'chat'], 'src/lm/ imports neither src/participant nor src/chat.')] }),
    restrict(['src/participant/**/*.ts'], { patterns: [into(['lm', 'chat'], 'src/participant/ imports neither src/lm nor src/chat.')] }),
    restrict(['webview-ui/**/*.ts'], {
      vscode: true,
      patterns: [{ regex: '^(\\.\\./)+src/(?!shared/)', message: 'webview-ui/ imports nothing from src/ but src/shared/.' }],
    }),
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  // The folder rules of ARCHITECTURE.md, as far as an import specifier shows them (relative paths from
  // one floor of src/). test/unit/architecture.test.ts is the full guard (resolved paths, cycles); the
  // files ignored below are its known violations (test/unit/architecture/knownViolations.ts) and leave
  // these lists as that list shrinks. One block per folder: for one file, the last matching block wins.
  ...folderRules(),
  {
    // CommonJS test-only extensions loaded directly by VS Code.
    files: ['test/harness/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly', document: 'readonly', window: 'readonly' } },
  },
);

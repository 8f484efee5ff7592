// Prettier for the TypeScript and JavaScript (`npm run format`; bin/test runs `prettier --check`). The options are
// the repository's own style, measured before Prettier came: single quotes, semicolons, trailing commas wherever
// allowed, parentheses around every arrow parameter. Lines here run long (one call or object per line where it
// reads): of the widths tried (120 to 240), 180 is where the changes level off; narrower wraps lines the authors
// kept whole (120 would have rewrapped 218 files), wider joins lines they wrapped.
// Markdown, CSS, HTML, YAML and JSON keep their hand layout (.prettierignore).
export default {
  printWidth: 180,
  singleQuote: true,
  semi: true,
  trailingComma: 'all',
  arrowParens: 'always',
  bracketSpacing: true,
  objectWrap: 'preserve',
  endOfLine: 'lf',
};

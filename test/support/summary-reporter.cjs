// Ends every run with one line counting tests across all suites; a suite that could not even run counts as failed,
// and so does a check bin/test ran before Jest (lint, format), passed on as CHECKS_FAILED.
const { writeSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites + (Number(process.env.CHECKS_FAILED) || 0);
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    // Printed at exit so that it comes after Jest's own summary and stays the last line of the run; written to the
    // descriptor itself, since --forceExit (bin/test) drains stdout and then turns its write() into a no-op.
    process.once('exit', () => writeSync(process.stdout.fd, `\n${line}\n`));
  }
}
module.exports = SummaryReporter;

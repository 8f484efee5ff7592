// End-to-end suites run against the test profile of bin/stack; bin/test exports its variables.
if (!process.env.XMPP_COMPONENT_URL || !process.env.MONGO_URL || !process.env.REDIS_URL) {
  throw new Error('end-to-end tests need the test stack: run them through bin/test (or eval "$(STACK_PROFILE=test bin/stack env)")');
}

// The SDK warns on every client in Node 20 (it wants 22 after January 2027); the lockfile keeps
// today's versions working, so the warning is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// A minimal test harness: named async tests run in order, each with a timeout;
// a failure is reported with its stack and the run goes on. The closing line,
// `e2e: N passed, M failed`, is what tools/test-summary.sh adds up.

const tests = [];

/** Registers a test. */
export function test(name, fn, { timeout = 90_000 } = {}) {
  tests.push({ name, fn, timeout });
}

function withTimeout(promise, ms, name) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${name}`)), ms);
    }),
  ]);
}

/** Runs every registered test; returns { passed, failed }. */
export async function run({ only } = {}) {
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    const start = Date.now();
    try {
      await withTimeout(Promise.resolve().then(t.fn), t.timeout, t.name);
      passed++;
      console.log(`ok    ${t.name} (${Date.now() - start} ms)`);
    } catch (err) {
      failed++;
      console.log(`FAIL  ${t.name} (${Date.now() - start} ms)`);
      console.log(String(err?.stack ?? err).replace(/^/gm, "      "));
    }
  }
  return { passed, failed };
}

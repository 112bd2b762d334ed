import { describe, expect, test } from "bun:test";
import { addCounts, countJunit, summaryLine } from "../../scripts/lib/junit.ts";

const bunReport = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="bun test" tests="4" assertions="4" failures="1" skipped="1" time="0.1">
  <testsuite name="a.test.ts" tests="4">
    <testcase name="passes" classname="x" time="0.1" />
    <testcase name="passes with output" classname="x" time="0.1">
      <system-out>hello</system-out>
    </testcase>
    <testcase name="fails" classname="x" time="0.1">
      <failure type="AssertionError" />
    </testcase>
    <testcase name="skipped" classname="x" time="0">
      <skipped />
    </testcase>
  </testsuite>
</testsuites>`;

const denoReport = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="deno test" tests="3" failures="1" errors="0" time="1.0">
    <testsuite name="h.ts" tests="3" disabled="1" errors="0" failures="1">
        <testcase name="ok" classname="h.ts" time="0.001" line="1" col="1">
        </testcase>
        <testcase name="ignored" classname="h.ts" time="0.000" line="1" col="1">
            <skipped/>
        </testcase>
        <testcase name="errored" classname="h.ts" time="0.000" line="1" col="1">
            <error message="boom"/>
        </testcase>
    </testsuite>
</testsuites>`;

describe("JUnit counting behind the npm test summary", () => {
  test("counts bun's report", () => {
    expect(countJunit(bunReport)).toEqual({ passed: 2, failed: 1, skipped: 1 });
  });

  test("counts deno's report (errors are failures)", () => {
    expect(countJunit(denoReport)).toEqual({ passed: 1, failed: 1, skipped: 1 });
  });

  test("sums reports into one summary line", () => {
    expect(summaryLine(addCounts(countJunit(bunReport), countJunit(denoReport)))).toBe(
      "3 passed, 2 failed, 2 skipped",
    );
  });

  test("an empty report counts nothing", () => {
    expect(countJunit("")).toEqual({ passed: 0, failed: 0, skipped: 0 });
  });
});

// Counts test cases in JUnit XML as bun test and deno test write it. Counting <testcase> elements
// (not the suite attributes) gives the same meaning to both runtimes' reports.

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

const testcasePattern = /<testcase\b[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g;

export function countJunit(xml: string): TestCounts {
  const counts: TestCounts = { passed: 0, failed: 0, skipped: 0 };
  for (const match of xml.matchAll(testcasePattern)) {
    const body = match[1] ?? "";
    if (/<(failure|error)\b/.test(body)) counts.failed += 1;
    else if (/<skipped\b/.test(body)) counts.skipped += 1;
    else counts.passed += 1;
  }
  return counts;
}

export function addCounts(a: TestCounts, b: TestCounts): TestCounts {
  return { passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped };
}

export function summaryLine(counts: TestCounts): string {
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
}

import { it } from "node:test";
import assert from "node:assert/strict";
import { parseDateText } from "./dates.ts";

// One case a line: displayed date → ISO 8601 (or null when it cannot be read without guessing).
const CASES: Array<[string, string | null]> = [
  ["October 1, 2020", "2020-10-01"],
  ["Oct 1, 2020", "2020-10-01"],
  ["Mar 22, 2026 at 2:09 PM", "2026-03-22T14:09:00"],
  ["Mar 22, 2026 at 12:30 AM", "2026-03-22T00:30:00"],
  ["Dec 5, 2016 at 9:10am PST", "2016-12-05T09:10:00-08:00"],
  ["Jun 16, 2019 at 7:30am PDT", "2019-06-16T07:30:00-07:00"],
  ["25. September 2018", "2018-09-25"],
  ["6. März 2018", "2018-03-06"],
  ["12 de octubre de 2021", "2021-10-12"],
  ["05:38 PM - 07 Jun 2019", "2019-06-07T17:38:00"],
  ["Tuesday, March 3, 2026", "2026-03-03"],
  ["Sept 9, 2020", "2020-09-09"],
  ["2016-12-05T17:10:22+00:00", "2016-12-05T17:10:22+00:00"],
  ["2020-10-01", "2020-10-01"],
  ["Feb 30, 2020", null],
  ["Mar 22, 2026 at 25:09 PM", null],
  ["Smarch 1, 2020", null],
  ["yesterday", null],
  ["", null],
];

it("parses displayed dates without guessing", () => {
  for (const [input, expected] of CASES) assert.equal(parseDateText(input), expected, input);
  assert.equal(parseDateText(null), null);
});

import { describe, expect, it } from "vitest";
import { type MatrixRow, type MatrixText, matrixBodyHtml } from "./progress-cells";

const text: MatrixText = {
  stateLabels: { complete: "已完成", started: "进行中", "not-started": "未开始" },
  never: "从未",
  noScore: "—",
  none: "没有符合条件的学生",
  inactive: "7 天以上未学习",
  belowPass: "低于及格线",
  date: (value) => new Date(value).toISOString().slice(0, 10),
};

const row = (over: Partial<MatrixRow> = {}): MatrixRow => ({
  userId: 7,
  name: "陈静",
  studentNumber: "2026001",
  percent: 50,
  lastActivity: Date.UTC(2026, 10, 30),
  quizAverage: 85,
  inactive: false,
  belowPassMark: false,
  states: "csn",
  scores: [90, null, null],
  ...over,
});

describe("matrixBodyHtml", () => {
  it("draws each lesson's state with its name for screen readers, and the score as the cell's text", () => {
    const html = matrixBodyHtml(3, 3, [row()], text);
    expect(html).toContain('<a href="/teach/3/students/7" class="link font-medium">陈静</a>');
    expect(html).toContain('<td class="mc c"><span>已完成</span> 90</td>');
    expect(html).toContain('<td class="mc s"><span>进行中</span></td>');
    expect(html).toContain('<td class="mc n"><span>未开始</span></td>');
    expect(html).toContain('<td class="tabular-nums">50%</td>');
    expect(html).toContain("2026-11-30");
    expect(html.match(/<td class="mc /g)).toHaveLength(3);
  });

  it("escapes every text a person typed, and never lets a state code into the markup", () => {
    const evil = '<img src=x onerror="alert(1)">&';
    const html = matrixBodyHtml(
      3,
      2,
      [row({ name: evil, studentNumber: evil, states: '"x', scores: [1, 2] })],
      {
        ...text,
        inactive: evil,
      },
    );
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;");
    // Unknown codes draw as "not started"; a missing code too.
    expect(html).not.toContain('"x');
    expect(html.match(/<td class="mc n"><span>未开始<\/span>/g)).toHaveLength(2);
  });

  it("says when a row has no activity, score or flags, and when there are no rows at all", () => {
    const html = matrixBodyHtml(
      3,
      1,
      [
        row({
          lastActivity: null,
          quizAverage: null,
          inactive: true,
          belowPassMark: true,
          states: "n",
          scores: [null],
        }),
      ],
      text,
    );
    expect(html).toContain('<td class="whitespace-nowrap">从未</td>');
    expect(html).toContain('<td class="tabular-nums">—</td>');
    expect(html).toContain("⚠ 7 天以上未学习");
    expect(html).toContain("⚠ 低于及格线");
    expect(matrixBodyHtml(3, 40, [], text)).toBe('<tr><td colspan="45">没有符合条件的学生</td></tr>');
  });
});

import { expect } from "chai";

import { meritProfileSvg, type MeritProfileChartInput, type MeritProfileOption } from "../../src/mj/chart";
import { gradeColors } from "../../src/mj/colors";
import { MAX_GRADES, gradeLabels } from "../../src/mj/grades";
import { checkWellFormed } from "../helpers/xml";

const NBSP = "\u00A0";

/** Bar geometry of the chart's fixed layout: bars start at 180 px and are 460 px wide. */
const BAR_X = 180;
const BAR_WIDTH = 460;

const EN_LABELS = gradeLabels(6, "en");

/** Three options on the default scale, ranked 1, 0, 2. */
const OPTIONS: MeritProfileOption[] = [
  { label: "Bakery", tally: [10n, 10n, 11n, 27n, 20n, 22n] },
  { label: "Bookshop", tally: [0n, 1n, 4n, 9n, 16n, 25n] },
  { label: "Repair café", tally: [5n, 5n, 5n, 5n, 5n, 5n] },
];

function chartInput(overrides: Partial<MeritProfileChartInput> = {}): MeritProfileChartInput {
  return {
    title: "Which shop opens first?",
    options: OPTIONS,
    order: [1, 0, 2],
    gradeLabels: EN_LABELS,
    lang: "en",
    ...overrides,
  };
}

/** One XML element as the tests see it: its name, attributes and, for elements with text, that text. */
interface Element {
  name: string;
  attributes: Record<string, string>;
  text: string;
}

const ATTRIBUTE = /\s+([A-Za-z_][\w:.-]*)="([^"<]*)"/g;

/** Returns the elements that have `className` as their class, in document order. */
function elementsOfClass(svg: string, className: string): Element[] {
  const elements: Element[] = [];
  for (const match of svg.matchAll(/<([\w:-]+)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>/g)) {
    const attributes: Record<string, string> = {};
    for (const [, name, value] of match[2].matchAll(ATTRIBUTE)) attributes[name] = value;
    if (attributes.class !== className) continue;

    let text = "";
    if (match[3] === "") {
      const end = svg.indexOf(`</${match[1]}>`, match.index);
      text = svg.slice(match.index + match[0].length, end).replace(/<title>[^<]*<\/title>/, "");
    }
    elements.push({ name: match[1], attributes, text });
  }
  return elements;
}

/** Splits the chart into the markup of each option's row, in document order. */
function rows(svg: string): string[] {
  return Array.from(svg.matchAll(/<g class="option"[^>]*>[\s\S]*?\n<\/g>/g), (match) => match[0]);
}

function segmentWidths(row: string): number[] {
  return elementsOfClass(row, "segment").map((segment) => Number(segment.attributes.width));
}

describe("chart", function () {
  describe("meritProfileSvg", function () {
    it("writes well-formed XML", function () {
      expect(() => checkWellFormed(meritProfileSvg(chartInput()))).not.to.throw();
    });

    it("starts with an XML declaration", function () {
      expect(meritProfileSvg(chartInput())).to.match(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg /);
    });

    it("declares the SVG namespace", function () {
      expect(meritProfileSvg(chartInput())).to.include('<svg xmlns="http://www.w3.org/2000/svg"');
    });

    it("is 800 px wide", function () {
      expect(meritProfileSvg(chartInput())).to.match(/<svg [^>]*width="800"/);
    });

    it("declares the language", function () {
      const svg = meritProfileSvg(chartInput({ lang: "fr", gradeLabels: gradeLabels(6, "fr") }));

      expect(svg).to.match(/<svg [^>]*\slang="fr"/);
      expect(svg).to.match(/<svg [^>]*\sxml:lang="fr"/);
    });

    it("gives the chart a title", function () {
      expect(meritProfileSvg(chartInput())).to.include('<title id="mj-title">Which shop opens first?</title>');
    });

    it("describes every option", function () {
      expect(meritProfileSvg(chartInput())).to.include(
        '<desc id="mj-desc">1. Bookshop: Very good (+) — 45.4% above Very good, 25.4% below\n',
      );
    });

    it("escapes user text", function () {
      const label = `<script>alert("x" & 'y')</script>`;
      const svg = meritProfileSvg(
        chartInput({ title: label, options: [{ label, tally: [1n, 0n] }], order: [0], gradeLabels: ["No", "Yes"] }),
      );

      expect(svg).to.include("&lt;script&gt;alert(&quot;x&quot; &amp; &apos;y&apos;)&lt;/script&gt;");
      expect(svg).not.to.include("<script>");
      expect(() => checkWellFormed(svg)).not.to.throw();
    });

    it("escapes grade labels", function () {
      const svg = meritProfileSvg(chartInput({ gradeLabels: EN_LABELS.map((label) => `${label} <&>`) }));

      expect(svg).to.include("Good &lt;&amp;&gt;");
      expect(() => checkWellFormed(svg)).not.to.throw();
    });

    it("replaces characters XML forbids", function () {
      const svg = meritProfileSvg(
        chartInput({
          options: [{ label: "Bell\u0007\uD800", tally: [1n, 0n] }],
          order: [0],
          gradeLabels: ["No", "Yes"],
        }),
      );

      expect(svg).to.include("Bell\uFFFD\uFFFD");
      expect(svg).not.to.include("\u0007");
    });

    it("keeps characters outside the BMP", function () {
      const svg = meritProfileSvg(
        chartInput({ options: [{ label: "Café 🌱", tally: [1n, 0n] }], order: [0], gradeLabels: ["No", "Yes"] }),
      );

      expect(elementsOfClass(svg, "option-label")[0].text).to.equal("Café 🌱");
    });

    it("draws bars in the given order", function () {
      const labels = elementsOfClass(meritProfileSvg(chartInput()), "option-label").map((text) => text.text);

      expect(labels).to.deep.equal(["Bookshop", "Bakery", "Repair café"]);
    });

    it("numbers the ranks", function () {
      const ranks = elementsOfClass(meritProfileSvg(chartInput()), "option").map((row) => row.attributes["data-rank"]);

      expect(ranks).to.deep.equal(["1", "2", "3"]);
    });

    it("stacks rows downwards", function () {
      const tops = rows(meritProfileSvg(chartInput())).map((row) =>
        Number(elementsOfClass(row, "segment")[0].attributes.y),
      );

      expect(tops[0]).to.be.below(tops[1]);
      expect(tops[1]).to.be.below(tops[2]);
    });

    it("fills each bar exactly", function () {
      for (const row of rows(meritProfileSvg(chartInput()))) {
        const total = segmentWidths(row).reduce((sum, width) => sum + width, 0);

        expect(total).to.be.closeTo(BAR_WIDTH, 0.01);
      }
    });

    it("joins segments without gaps", function () {
      for (const row of rows(meritProfileSvg(chartInput()))) {
        let x = BAR_X;
        for (const segment of elementsOfClass(row, "segment")) {
          expect(Number(segment.attributes.x)).to.be.closeTo(x, 0.001);
          x += Number(segment.attributes.width);
        }
      }
    });

    it("sizes segments by count", function () {
      const svg = meritProfileSvg(
        chartInput({ options: [{ label: "A", tally: [1n, 1n, 2n] }], order: [0], gradeLabels: gradeLabels(3, "en") }),
      );

      expect(segmentWidths(svg)).to.deep.equal([115, 115, 230]);
    });

    it("scales counts near 2^255", function () {
      const huge = 2n ** 253n;
      const svg = meritProfileSvg(
        chartInput({
          options: [{ label: "A", tally: [huge, huge, 2n * huge - 1n] }],
          order: [0],
          gradeLabels: gradeLabels(3, "en"),
        }),
      );

      expect(segmentWidths(svg)).to.deep.equal([115, 115, 230]);
    });

    it("rounds segment ends down", function () {
      const svg = meritProfileSvg(
        chartInput({
          options: [{ label: "A", tally: [2n ** 255n, 0n, 1n] }],
          order: [0],
          gradeLabels: gradeLabels(3, "en"),
        }),
      );
      const grades = elementsOfClass(svg, "segment").map((segment) => segment.attributes["data-grade"]);

      expect(grades).to.deep.equal(["0", "2"]);
      expect(segmentWidths(svg)).to.deep.equal([BAR_WIDTH - 0.01, 0.01]);
    });

    it("skips grades with no ballot", function () {
      const grades = elementsOfClass(rows(meritProfileSvg(chartInput()))[0], "segment").map(
        (segment) => segment.attributes["data-grade"],
      );

      expect(grades).to.deep.equal(["1", "2", "3", "4", "5"]);
    });

    it("colours segments by grade", function () {
      const colors = gradeColors(6);
      for (const segment of elementsOfClass(meritProfileSvg(chartInput()), "segment")) {
        expect(segment.attributes.fill).to.equal(colors[Number(segment.attributes["data-grade"])]);
      }
    });

    it("draws an empty bar for no ballot", function () {
      const svg = meritProfileSvg(
        chartInput({ options: [{ label: "Nobody", tally: [0n, 0n, 0n, 0n, 0n, 0n] }], order: [0] }),
      );
      const [bar] = elementsOfClass(svg, "empty-bar");

      expect(elementsOfClass(svg, "segment")).to.have.length(0);
      expect(Number(bar.attributes.x)).to.equal(BAR_X);
      expect(Number(bar.attributes.width)).to.equal(BAR_WIDTH);
      expect(bar.attributes.fill).to.match(/^#([0-9a-f]{2})\1\1$/);
      expect(elementsOfClass(svg, "majority-grade")[0].text).to.equal("No ballot");
    });

    it("writes the majority grade", function () {
      const grades = elementsOfClass(meritProfileSvg(chartInput()), "majority-grade").map((text) => text.text);

      expect(grades).to.deep.equal(["Very good", "Good", "Acceptable"]);
    });

    it("puts labels left and grades right", function () {
      const svg = meritProfileSvg(chartInput());
      const label = elementsOfClass(svg, "option-label")[0];
      const grade = elementsOfClass(svg, "majority-grade")[0];

      expect(Number(label.attributes.x)).to.be.at.most(BAR_X);
      expect(label.attributes["text-anchor"]).to.equal("end");
      expect(Number(grade.attributes.x)).to.be.at.least(BAR_X + BAR_WIDTH);
    });

    it("draws the 50% line at the middle", function () {
      const [line] = elementsOfClass(meritProfileSvg(chartInput()), "median-line");

      expect(Number(line.attributes.x1)).to.equal(BAR_X + BAR_WIDTH / 2);
      expect(Number(line.attributes.x2)).to.equal(BAR_X + BAR_WIDTH / 2);
      expect(line.attributes["stroke-dasharray"]).to.match(/^\d+ \d+$/);
    });

    it("runs the 50% line past every bar", function () {
      const svg = meritProfileSvg(chartInput());
      const [line] = elementsOfClass(svg, "median-line");
      const tops = elementsOfClass(svg, "segment").map((segment) => Number(segment.attributes.y));
      const bottoms = elementsOfClass(svg, "segment").map(
        (segment) => Number(segment.attributes.y) + Number(segment.attributes.height),
      );

      expect(Number(line.attributes.y1)).to.be.below(Math.min(...tops));
      expect(Number(line.attributes.y2)).to.be.above(Math.max(...bottoms));
    });

    it("labels the 50% line", function () {
      const [label] = elementsOfClass(meritProfileSvg(chartInput()), "median-label");

      expect(label.text).to.equal("50%");
      expect(Number(label.attributes.x)).to.equal(BAR_X + BAR_WIDTH / 2);
    });

    it("labels the 50% line in French", function () {
      const svg = meritProfileSvg(chartInput({ lang: "fr", gradeLabels: gradeLabels(6, "fr") }));

      expect(elementsOfClass(svg, "median-label")[0].text).to.equal(`50${NBSP}%`);
    });

    it("lists every grade in the legend", function () {
      const svg = meritProfileSvg(chartInput());
      const legend = /<g class="legend">[\s\S]*?<\/g>/.exec(svg)?.[0] ?? "";
      const texts = Array.from(legend.matchAll(/<text [^>]*>([^<]*)<\/text>/g), (match) => match[1]);
      const swatches = Array.from(legend.matchAll(/<rect [^>]*fill="(#[0-9a-f]{6})"/g), (match) => match[1]);

      expect(texts).to.deep.equal(EN_LABELS);
      expect(swatches).to.deep.equal(gradeColors(6));
    });

    it("shortens long labels", function () {
      const label = "A cooperative bakery with a long name";
      const svg = meritProfileSvg(
        chartInput({ options: [{ label, tally: [1n, 0n] }], order: [0], gradeLabels: ["No", "Yes"] }),
      );
      const [text] = elementsOfClass(svg, "option-label");

      expect(text.text).to.match(/^A cooperative .*…$/);
      expect(text.text.length).to.be.below(label.length);
      expect(svg).to.include(`<title>${label}: No (\u2212) — 0% above No, 0% below</title>`);
    });

    it("draws 16 grades", function () {
      const tally = Array.from({ length: MAX_GRADES }, () => 1n);
      const svg = meritProfileSvg(
        chartInput({ options: [{ label: "A", tally }], order: [0], gradeLabels: gradeLabels(MAX_GRADES, "en") }),
      );

      expect(elementsOfClass(svg, "segment")).to.have.length(MAX_GRADES);
      expect(segmentWidths(svg).reduce((sum, width) => sum + width, 0)).to.be.closeTo(BAR_WIDTH, 0.01);
      expect(() => checkWellFormed(svg)).not.to.throw();
    });

    it("draws no bar without options", function () {
      const svg = meritProfileSvg(chartInput({ options: [], order: [] }));

      expect(rows(svg)).to.have.length(0);
      expect(() => checkWellFormed(svg)).not.to.throw();
    });

    it("rejects one grade label", function () {
      expect(() => meritProfileSvg(chartInput({ options: [], order: [], gradeLabels: ["Only"] }))).to.throw(
        Error,
        "Invalid gradeLabels: expected 2 to 16 labels, one per grade and worst first, but got 1.",
      );
    });

    it("rejects 17 grade labels", function () {
      const labels = Array.from({ length: MAX_GRADES + 1 }, (_, grade) => `G${grade}`);

      expect(() => meritProfileSvg(chartInput({ options: [], order: [], gradeLabels: labels }))).to.throw(
        Error,
        "Invalid gradeLabels: expected 2 to 16 labels, one per grade and worst first, but got 17.",
      );
    });

    it("rejects a short tally", function () {
      const options = [...OPTIONS.slice(0, 2), { label: "Repair café", tally: [1n, 2n, 3n] }];

      expect(() => meritProfileSvg(chartInput({ options }))).to.throw(
        Error,
        'Invalid tally of option 2 ("Repair café"): it has 3 counts but gradeLabels has 6 grades',
      );
    });

    it("rejects a long tally", function () {
      const options = [{ label: "Bakery", tally: [...OPTIONS[0].tally, 1n] }, ...OPTIONS.slice(1)];

      expect(() => meritProfileSvg(chartInput({ options }))).to.throw(
        Error,
        "it has 7 counts but gradeLabels has 6 grades",
      );
    });

    it("rejects a negative count", function () {
      const options = [OPTIONS[0], { label: "Bookshop", tally: [0n, 1n, -4n, 9n, 16n, 25n] }, OPTIONS[2]];

      expect(() => meritProfileSvg(chartInput({ options }))).to.throw(
        Error,
        'Invalid tally of option 1 ("Bookshop"): the count -4 of grade 2 ("Acceptable") is negative',
      );
    });

    const BAD_ORDERS: { name: string; order: number[]; problem: string }[] = [
      { name: "a repeated option", order: [1, 1, 2], problem: "option 1 appears twice" },
      { name: "a missing option", order: [1, 0], problem: "its length is 2" },
      { name: "an extra option", order: [1, 0, 2, 3], problem: "its length is 4" },
      { name: "an index too large", order: [1, 0, 3], problem: "3 is not an option index" },
      { name: "a negative index", order: [1, 0, -1], problem: "-1 is not an option index" },
      { name: "a fractional index", order: [1, 0, 0.5], problem: "0.5 is not an option index" },
    ];
    for (const { name, order, problem } of BAD_ORDERS) {
      it(`rejects an order with ${name}`, function () {
        expect(() => meritProfileSvg(chartInput({ order }))).to.throw(
          Error,
          `Invalid order [${order.join(", ")}]: expected each option index from 0 to 2 exactly once, best option first, but ${problem}.`,
        );
      });
    }

    it("rejects an order without options", function () {
      expect(() => meritProfileSvg(chartInput({ options: [], order: [0] }))).to.throw(
        Error,
        "Invalid order [0]: expected an empty order because there are no options, but its length is 1.",
      );
    });
  });
});

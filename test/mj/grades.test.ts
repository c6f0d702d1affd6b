import { expect } from "chai";

import { DEFAULT_GRADE_COUNT, LANGS, MAX_GRADES, MIN_GRADES, gradeLabels, parseLang } from "../../src/mj/grades";

const SCALE_SIZES = Array.from({ length: MAX_GRADES - MIN_GRADES + 1 }, (_, i) => MIN_GRADES + i);

describe("grades", function () {
  describe("gradeLabels", function () {
    it("gives the default English scale", function () {
      expect(gradeLabels(DEFAULT_GRADE_COUNT, "en")).to.deep.equal([
        "Reject",
        "Poor",
        "Acceptable",
        "Good",
        "Very good",
        "Excellent",
      ]);
    });

    it("gives the default French scale", function () {
      expect(gradeLabels(DEFAULT_GRADE_COUNT, "fr")).to.deep.equal([
        "À rejeter",
        "Insuffisant",
        "Passable",
        "Assez bien",
        "Bien",
        "Très bien",
      ]);
    });

    it("gives Reject and Accept for two grades", function () {
      expect(gradeLabels(2, "en")).to.deep.equal(["Reject", "Accept"]);
      expect(gradeLabels(2, "fr")).to.deep.equal(["À rejeter", "Accepter"]);
    });

    it("gives the seven-word scale", function () {
      expect(gradeLabels(7, "en")).to.deep.equal([
        "Reject",
        "Poor",
        "Fair",
        "Acceptable",
        "Good",
        "Very good",
        "Excellent",
      ]);
      expect(gradeLabels(7, "fr")).to.deep.equal([
        "À rejeter",
        "Insuffisant",
        "Passable",
        "Assez bien",
        "Bien",
        "Très bien",
        "Excellent",
      ]);
    });

    it("picks words for small scales", function () {
      expect(gradeLabels(3, "en")).to.deep.equal(["Reject", "Acceptable", "Excellent"]);
      expect(gradeLabels(4, "en")).to.deep.equal(["Reject", "Fair", "Good", "Excellent"]);
      expect(gradeLabels(5, "fr")).to.deep.equal(["À rejeter", "Insuffisant", "Assez bien", "Très bien", "Excellent"]);
    });

    it("numbers the middle of large scales", function () {
      const labels = gradeLabels(10, "en");

      expect(labels[0]).to.equal("Reject");
      expect(labels.slice(1, -1)).to.deep.equal(["2", "3", "4", "5", "6", "7", "8", "9"].map((n) => `Grade ${n}`));
      expect(labels[9]).to.equal("Excellent");
    });

    it("numbers French grades as notes", function () {
      expect(gradeLabels(MAX_GRADES, "fr")[1]).to.equal("Note 2");
      expect(gradeLabels(MAX_GRADES, "fr")[MAX_GRADES - 2]).to.equal("Note 15");
    });

    for (const lang of LANGS) {
      it(`gives distinct labels for every size in ${lang}`, function () {
        for (const count of SCALE_SIZES) {
          const labels = gradeLabels(count, lang);

          expect(labels, `${count} grades`).to.have.length(count);
          expect(new Set(labels).size, `${count} grades`).to.equal(count);
        }
      });
    }

    it("returns a new array each call", function () {
      gradeLabels(DEFAULT_GRADE_COUNT, "en").pop();

      expect(gradeLabels(DEFAULT_GRADE_COUNT, "en")).to.have.length(DEFAULT_GRADE_COUNT);
    });

    for (const count of [1, 0, -6, MAX_GRADES + 1, 2.5, Number.NaN]) {
      it(`rejects ${count} grades`, function () {
        expect(() => gradeLabels(count, "en")).to.throw(Error, `Invalid grade count ${count}: expected a whole number`);
        expect(() => gradeLabels(count, "en")).to.throw(Error, `from ${MIN_GRADES} to ${MAX_GRADES}`);
      });
    }
  });

  describe("parseLang", function () {
    it("parses en and fr", function () {
      expect(parseLang("en")).to.equal("en");
      expect(parseLang("fr")).to.equal("fr");
    });

    it("ignores letter case", function () {
      expect(parseLang("FR")).to.equal("fr");
    });

    for (const text of ["de", "", " en", "en-GB", "french"]) {
      it(`rejects ${JSON.stringify(text)}`, function () {
        expect(() => parseLang(text)).to.throw(
          Error,
          `Invalid language ${JSON.stringify(text)}: expected "en" or "fr".`,
        );
      });
    }
  });
});

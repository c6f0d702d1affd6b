import { expect } from "chai";

import { InvalidGradesError, acceptedGrades, parseGrades, type GradeListContext } from "../../src/mj/gradeInput";

/** Three options, the last the status quo, on the default scale of six grades. */
const CONTEXT: GradeListContext = { optionCount: 3, gradeCount: 6, statusQuo: true };

function expectInvalid(text: string, message: string, context: GradeListContext = CONTEXT): void {
  expect(() => parseGrades(text, context))
    .to.throw(InvalidGradesError)
    .with.property("message")
    .that.includes(message);
}

describe("grade input", function () {
  it("reads numbers", function () {
    expect(parseGrades("5,3,0", CONTEXT)).to.deep.equal([5, 3, 0]);
  });

  it("reads English words", function () {
    expect(parseGrades("Excellent,Good,Reject", CONTEXT)).to.deep.equal([5, 3, 0]);
  });

  it("reads French words", function () {
    expect(parseGrades("Très bien,Assez bien,À rejeter", CONTEXT)).to.deep.equal([5, 3, 0]);
  });

  it("ignores letter case and spaces", function () {
    expect(parseGrades(" VERY  good , très BIEN,à rejeter ", CONTEXT)).to.deep.equal([4, 5, 0]);
  });

  it("matches decomposed accents", function () {
    expect(parseGrades("Tre\u0300s bien,Bien,Passable", CONTEXT)).to.deep.equal([5, 4, 2]);
  });

  it("mixes numbers and words", function () {
    expect(parseGrades("4,Acceptable,Insuffisant", CONTEXT)).to.deep.equal([4, 2, 1]);
  });

  it("reads the words of another scale", function () {
    const context = { optionCount: 2, gradeCount: 7, statusQuo: false };

    expect(parseGrades("Fair,Excellent", context)).to.deep.equal([2, 6]);
  });

  it("reads numbered grades of a long scale", function () {
    const context = { optionCount: 3, gradeCount: 10, statusQuo: false };

    expect(parseGrades("Grade 3,note 8,Excellent", context)).to.deep.equal([2, 7, 9]);
  });

  it("lists the accepted grades", function () {
    expect(acceptedGrades(2)).to.equal(
      "a number from 0 to 1, or one of Reject, Accept (en) or À rejeter, Accepter (fr), worst first",
    );
  });

  describe("errors", function () {
    it("names a word off the scale", function () {
      expectInvalid(
        "Excellent,Superb,Reject",
        'the grade "Superb" of option 1 is invalid because it is not on the scale: expected a number from 0 to 5, ' +
          "or one of Reject, Poor, Acceptable, Good, Very good, Excellent (en) or À rejeter, Insuffisant, " +
          "Passable, Assez bien, Bien, Très bien (fr), worst first.",
      );
    });

    it("names a number above the scale", function () {
      expectInvalid("6,0,0", 'the grade "6" of option 0 is invalid because it is above the best grade, 5');
    });

    it("rejects a word of another scale", function () {
      expectInvalid("Fair,Good,Reject", 'the grade "Fair" of option 0 is invalid because it is not on the scale');
    });

    it("rejects a negative number", function () {
      expectInvalid("-1,0,0", 'the grade "-1" of option 0 is invalid');
    });

    it("rejects an empty grade", function () {
      expectInvalid("5,,0", 'the grade "" of option 1 is invalid because it is empty');
    });

    it("rejects too few grades", function () {
      expectInvalid(
        "5,3",
        "got 2 grades, but the proposal has 3 options, the last being the status quo: give one grade per option",
      );
    });

    it("rejects too many grades without status quo", function () {
      expectInvalid("5,3,0,1", "got 4 grades, but the proposal has 3 options: give one grade per option", {
        ...CONTEXT,
        statusQuo: false,
      });
    });
  });
});

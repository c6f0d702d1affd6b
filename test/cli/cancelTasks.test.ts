import { expect } from "chai";
import { writeFile } from "node:fs/promises";
import path from "node:path";

import hre, { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { CoopCharter__factory, CoopGovernor__factory, CoopJudgmentGovernor__factory } from "../../typechain-types";
import { loadCoopAddresses, type CoopAddresses } from "../../tasks/lib";
import { impersonate } from "../helpers/accounts";
import { deployRecordedCoop, failureOf, runTask } from "../helpers/inProcessTask";

/** Number of the Canceled state, the same on both governors. */
const CANCELED = 2n;

describe("coop:cancel and mj:cancel", function () {
  let folder: string;
  let forget: () => Promise<void>;
  let addresses: CoopAddresses;
  let proposer: HardhatEthersSigner;
  let member: HardhatEthersSigner;
  let guardian: HardhatEthersSigner;
  let proposals = 0;

  before(async function () {
    const signers = await ethers.getSigners();
    [proposer, member, guardian] = [signers[1], signers[2], signers[7]];
    ({ folder, forget } = await deployRecordedCoop("CANCEL", {
      name: "Cancel Coop",
      symbol: "CANCEL",
      founders: `${proposer.address},${member.address}`,
    }));
    addresses = await loadCoopAddresses(hre, "CANCEL");
    const timelock = await impersonate(addresses.timelock);
    await CoopCharter__factory.connect(addresses.charter, timelock).setGuardian(guardian.address);
  });

  after(async function () {
    await forget();
  });

  /** Proposes a yes/no decision from the proposer, and returns its id. */
  async function proposeYesNo(): Promise<string> {
    proposals += 1;
    const actions = path.join(folder, `actions-${proposals}.json`);
    await writeFile(actions, JSON.stringify([{ target: "membership", function: "setMemberWeight", args: [1] }]));
    const { lines } = await runTask("coop:propose", {
      title: `Keep the weight, take ${proposals}`,
      text: "The weight stays one vote per member.",
      actions,
      from: proposer.address,
      json: true,
    });
    return (JSON.parse(lines.join("\n")) as { proposalId: string }).proposalId;
  }

  /** Proposes a majority-judgment choice from the proposer, and returns its id. */
  async function proposeJudgment(): Promise<string> {
    proposals += 1;
    const options = path.join(folder, `options-${proposals}.json`);
    await writeFile(
      options,
      JSON.stringify({
        statusQuo: true,
        options: [
          { label: "Change nothing", actions: [] },
          { label: "Wait", actions: [] },
        ],
      }),
    );
    const { lines } = await runTask("mj:propose", {
      title: `Choice ${proposals}`,
      text: "Nothing changes either way.",
      options,
      from: proposer.address,
      json: true,
    });
    return (JSON.parse(lines.join("\n")) as { proposalId: string }).proposalId;
  }

  it("lets the proposer cancel a pending proposal", async function () {
    const id = await proposeYesNo();
    await runTask("coop:cancel", { id, from: proposer.address });

    expect(await CoopGovernor__factory.connect(addresses.governor, ethers.provider).state(id)).to.equal(CANCELED);
  });

  it("names who may cancel", async function () {
    const id = await proposeYesNo();

    expect(await failureOf(runTask("coop:cancel", { id, from: member.address }))).to.include(
      `${member.address} may not cancel proposal ${id}, which is Pending. Its proposer, ${proposer.address}`,
    );
  });

  it("lets the guardian cancel an active proposal", async function () {
    const id = await proposeYesNo();
    await time.increase(120);
    await runTask("coop:cancel", { id, from: guardian.address });

    expect(await CoopGovernor__factory.connect(addresses.governor, ethers.provider).state(id)).to.equal(CANCELED);
  });

  it("names a proposal canceled already", async function () {
    const id = await proposeYesNo();
    await runTask("coop:cancel", { id, from: proposer.address });

    expect(await failureOf(runTask("coop:cancel", { id, from: proposer.address }))).to.include(
      `Proposal ${id} is Canceled: there is nothing to cancel.`,
    );
  });

  it("cancels a majority-judgment proposal", async function () {
    const id = await proposeJudgment();
    const { lines } = await runTask("mj:cancel", { id, from: proposer.address, json: true });

    expect(JSON.parse(lines.join("\n"))).to.include({ proposalId: id, canceledBy: proposer.address });
    expect(await CoopJudgmentGovernor__factory.connect(addresses.judgment, ethers.provider).state(id)).to.equal(
      CANCELED,
    );
  });

  it("refuses a member's cancel of an active judgment", async function () {
    const id = await proposeJudgment();
    await time.increase(120);

    expect(await failureOf(runTask("mj:cancel", { id, from: proposer.address }))).to.include("which is Active");
  });
});

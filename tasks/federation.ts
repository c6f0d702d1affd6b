import { task } from "hardhat/config";
import type { ConfigurableTaskDefinition, HardhatRuntimeEnvironment } from "hardhat/types";
import type { Log, LogDescription, Signer } from "ethers";

import type { Cooperative } from "../src/deploy/cooperative";
import type { MirrorSummary } from "../src/federation/mirrors";
import type { UpwardVote } from "../src/federation/upwardVotes";
import type { FederationRegistry, FederationRelay } from "../typechain-types";

import {
  fail,
  impersonateOnLocalChain,
  loadCoopAddresses,
  output,
  parseJsonFile,
  parseProposalId,
  recordedDeploymentBlock,
  send,
  signerFor,
  type CoopAddresses,
  withChainOptions,
  logsToStderr,
} from "./lib";
import { checkProposalOptions, pinProposalDocument, warnIfPinnedLocally, type ProposalOptions } from "./proposing";

// Modules that import TypeChain bindings are loaded inside actions: hardhat.config.ts loads this
// file before the first compilation has generated them.

/** Networks where a task may deploy the federation registry itself when none is recorded. */
const LOCAL_NETWORKS = new Set(["hardhat", "localhost"]);

/** Grade value of an option left ungraded, `FederationRelay.NO_GRADE`. */
const NO_GRADE = 255;

/** Values of `--support`, by the `support` number that the relay counts. */
const SUPPORT_VALUES: Record<string, number> = { against: 0, for: 1, abstain: 2 };

const COOP_HELP = "Symbol of the member cooperative, as coop:deploy recorded it, e.g. COOPA";
const FEDERATION_HELP = "Symbol of the federation, a cooperative recorded by coop:deploy, e.g. FED";
const FROM_HELP =
  "Account that sends the transaction and pays the gas, e.g. 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 " +
  "(default: the first configured account)";
const MIRROR_HELP =
  "Id of the mirror in the member cooperative's relay, a decimal number as federation:mirror or federation:status " +
  "printed it";

interface FederationArgs {
  coop: string;
  federation: string;
  from?: string;
  json: boolean;
}

interface MirrorArgs extends FederationArgs {
  mirror: string;
}

/** A member cooperative, a federation, and the relay between them, connected with the `--from` signer. */
interface FederationContext {
  member: CoopAddresses;
  federation: CoopAddresses;
  federationCoop: Cooperative;
  signer: Signer;
  account: string;
  registry: FederationRegistry;
  /** Address of the member's relay in the federation, created or not. */
  relayAddress: string;
  /** Block in which the federation was deployed, when its record gives it: proposals are searched from there. */
  federationFromBlock?: number;
}

/**
 * Declares a `federation:*` task with the options every one takes: `--coop`, `--federation` and
 * `--json`, and `--from` when it sends transactions. Like `coopTask`, the action starts by mining a
 * block on a local chain whose latest block is behind the machine's clock.
 */
function federationTask(
  name: string,
  description: string,
  sendsTransactions: boolean,
  fromHelp: string = FROM_HELP,
): ConfigurableTaskDefinition {
  const definition = task(name, description)
    .addParam("coop", COOP_HELP)
    .addParam("federation", FEDERATION_HELP)
    .addFlag("json", "Print JSON for scripts");
  return withChainOptions(definition, sendsTransactions, fromHelp);
}

/**
 * Returns the recorded `FederationRegistry`. When no record exists, deploys it on the embedded
 * network and on localhost, as coop:deploy deploys the implementations. Elsewhere, fails with the
 * command that deploys it.
 */
async function connectRegistry(hre: HardhatRuntimeEnvironment, signer: Signer): Promise<FederationRegistry> {
  const { FederationRegistry__factory } = await import("../typechain-types");
  const network = hre.network.name;
  // hardhat-deploy 1.0 returns undefined, not null, for a missing record.
  if ((await hre.deployments.getOrNull("FederationRegistry")) == null) {
    if (!LOCAL_NETWORKS.has(network)) {
      fail(
        `No FederationRegistry is recorded on network ${network}: deploy it with ` +
          `npx hardhat deploy --tags federation --network ${network}, then run this task again.`,
      );
    }
    console.error(`Deploying the federation relay code and registry on ${network}...`);
    await logsToStderr(() => hre.run("deploy", { tags: "federation", noCompile: true }));
  }
  const { address } = await hre.deployments.get("FederationRegistry");
  if ((await hre.ethers.provider.getCode(address)) === "0x") {
    fail(
      `The FederationRegistry record of network ${network} points to ${address}, where the chain has no code: ` +
        `the node was probably restarted. Delete deployments/${network}/ and deploy again.`,
    );
  }
  return FederationRegistry__factory.connect(address, signer);
}

/** Loads the member cooperative and the federation by symbol, the registry, and the relay's address. */
async function connectFederation(hre: HardhatRuntimeEnvironment, args: FederationArgs): Promise<FederationContext> {
  const { connectCooperative } = await import("../src/deploy/cooperative");
  const { predictRelay } = await import("../src/deploy/federation");
  if (args.coop === args.federation) {
    fail(`--coop and --federation both name ${args.coop}: a cooperative cannot be a member of itself.`);
  }
  const member = await loadCoopAddresses(hre, args.coop);
  const federation = await loadCoopAddresses(hre, args.federation);
  const signer = await signerFor(hre, args.from);
  const registry = await connectRegistry(hre, signer);
  return {
    member,
    federation,
    federationCoop: connectCooperative(signer, federation),
    signer,
    account: await signer.getAddress(),
    registry,
    relayAddress: await predictRelay(registry, member, federation),
    federationFromBlock: await recordedDeploymentBlock(hre, federation.symbol),
  };
}

/** Returns the member's relay in the federation, or fails with the command that creates it. */
async function requireRelay(context: FederationContext): Promise<FederationRelay> {
  const { FederationRelay__factory } = await import("../typechain-types");
  if (!(await context.registry.isRelay(context.relayAddress))) {
    fail(
      `Cooperative ${context.member.symbol} has no relay in federation ${context.federation.symbol} yet ` +
        `(it will be at ${context.relayAddress}): create it with ` +
        `federation:relay --coop ${context.member.symbol} --federation ${context.federation.symbol}.`,
    );
  }
  return FederationRelay__factory.connect(context.relayAddress, context.signer);
}

/** Parses `--mirror` as a mirror id, a decimal uint256. */
function parseMirrorId(value: string): bigint {
  if (!/^[0-9]+$/.test(value) || BigInt(value) >= 2n ** 256n) {
    fail(`Invalid --mirror "${value}": expected the mirror id as a decimal number, as federation:mirror printed it.`);
  }
  return BigInt(value);
}

function parseSupport(value: string): number {
  const support = SUPPORT_VALUES[value.toLowerCase()];
  if (support === undefined) fail(`Invalid --support "${value}": expected for, against or abstain.`);
  return support;
}

/** Reads mirror `mirrorId`, or fails with the relay's decoded error, such as `RelayUnknownMirror`. */
async function loadMirror(
  context: FederationContext,
  relay: FederationRelay,
  mirrorId: bigint,
): Promise<MirrorSummary> {
  const { readMirror } = await import("../src/federation/mirrors");
  const { describeRevert } = await import("../src/cli/errors");
  try {
    return await readMirror(relay, mirrorId);
  } catch (error) {
    fail(
      `Cannot read mirror ${mirrorId} of ${context.member.symbol}'s relay ${context.relayAddress}: ` +
        `${describeRevert(error)}. List the mirrors with federation:status.`,
    );
  }
}

/** Returns the logs of a mined transaction. */
async function transactionLogs(hre: HardhatRuntimeEnvironment, hash: string): Promise<readonly Log[]> {
  const receipt = await hre.ethers.provider.getTransactionReceipt(hash);
  if (receipt === null) fail(`Transaction ${hash} has no receipt: the node lost it.`);
  return receipt.logs;
}

/** Returns the event `name` that `relay` emitted in `logs`, or fails naming the transaction. */
function relayEvent(relay: FederationRelay, logs: readonly Log[], name: string, transaction: string): LogDescription {
  for (const log of logs) {
    if (log.address.toLowerCase() !== String(relay.target).toLowerCase()) continue;
    const parsed = relay.interface.parseLog(log);
    if (parsed !== null && parsed.name === name) return parsed;
  }
  fail(`Transaction ${transaction} succeeded but the relay emitted no ${name} event: check the relay's address.`);
}

/** Names the vote box a mirror copies: one of the federation's governors, or a relay one level up. */
async function describeSource(context: FederationContext, source: string): Promise<string> {
  if (source === context.federation.governor) return `${context.federation.symbol}'s yes/no governor ${source}`;
  if (source === context.federation.judgment)
    return `${context.federation.symbol}'s majority-judgment governor ${source}`;
  return `relay ${source}, through which ${context.federation.symbol} votes one level up`;
}

/** Describes a mirror's votes: a yes/no tally, or the weight per grade of each option. */
function describeVotes(mirror: MirrorSummary, scale: readonly string[]): string[] {
  const { tally } = mirror;
  if (mirror.histogram === null) {
    return [
      `  votes: ${tally.for} for, ${tally.against} against, ${tally.abstain} abstain ` +
        `(all votes ${tally.participation}; quorum ${mirror.quorum}, reached by for+abstain ${tally.for + tally.abstain})`,
    ];
  }
  return [
    `  ballots: participation ${tally.participation}, quorum ${mirror.quorum}; weight per grade, worst first:`,
    ...mirror.histogram.map((row, option) => `    option ${option}: ${formatRow(row, scale)}`),
  ];
}

function formatRow(row: readonly bigint[], scale: readonly string[]): string {
  return row.map((weight, grade) => `${weight} ${scale[grade] ?? `grade ${grade}`}`).join(", ");
}

/** Describes a vote cast upward as the vote box above recorded it. */
function describeUpwardVote(vote: UpwardVote, scale: readonly string[]): string[] {
  if (vote.kind === "yesno") {
    return [`  split: ${vote.for} for, ${vote.against} against, ${vote.abstain} abstain`];
  }
  return [
    "  split per option, worst grade first:",
    ...vote.parts.map((row, option) => `    option ${option}: ${formatRow(row, scale)}`),
  ];
}

async function gradeScale(gradeCount: number): Promise<string[]> {
  if (gradeCount === 0) return [];
  const { gradeLabels } = await import("../src/mj/grades");
  return gradeLabels(gradeCount, "en");
}

/** Reads whether the federation admitted the relay, and the relay's weight there. */
async function relayStanding(context: FederationContext) {
  const [admitted, info] = await Promise.all([
    context.federationCoop.membership.isMember(context.relayAddress),
    context.federationCoop.membership.memberInfo(context.relayAddress),
  ]);
  return { admitted, weight: info.weight };
}

// -------------------------------------------------------------------------------------------------
// federation:relay
// -------------------------------------------------------------------------------------------------

/**
 * Prints the relay address that `--coop` will have in a federation that coop:deploy has not
 * deployed yet. coop:deploy deploys from the first configured account, and places the yes/no and
 * majority-judgment governors at its third and sixth transactions from the account's next nonce.
 */
async function predictForNewFederation(hre: HardhatRuntimeEnvironment, args: RelayArgs): Promise<void> {
  const { predictDirectGovernors, predictRelay } = await import("../src/deploy/federation");
  const network = hre.network.name;
  if (network === "hardhat") {
    fail(
      "--predict needs a chain that outlives this command, but the embedded network starts empty each time: " +
        "run a node (npm run node) and pass --network localhost.",
    );
  }
  if ((await hre.deployments.getOrNull(`${args.federation}-membership`)) != null) {
    fail(
      `Federation ${args.federation} is deployed already on ${network}, so nothing is left to predict: ` +
        `leave out --predict to create the relay.`,
    );
  }
  const member = await loadCoopAddresses(hre, args.coop);
  const deployer = await signerFor(hre);
  const deployerAddress = await deployer.getAddress();
  if (args.factory) {
    await predictThroughFactory(hre, args, member, deployer);
    return;
  }

  // coop:deploy deploys the implementations first when they are missing, which would use nonces.
  await logsToStderr(() => hre.run("deploy", { tags: "implementations", noCompile: true }));
  const registry = await connectRegistry(hre, deployer);
  const nonce = await hre.ethers.provider.getTransactionCount(deployerAddress, "pending");
  const governors = predictDirectGovernors(deployerAddress, nonce);
  const relay = await predictRelay(registry, member, governors);

  output(
    args.json,
    { cooperative: member.symbol, federation: args.federation, relay, deployer: deployerAddress, nonce, governors },
    [
      `Relay of ${member.symbol} in the federation ${args.federation} that coop:deploy deploys next: ${relay}`,
      `  predicted from deployer ${deployerAddress} at nonce ${nonce}: governor ${governors.governor}, ` +
        `judgment governor ${governors.judgment}`,
      `  give it to coop:deploy --symbol ${args.federation} --founders ${relay},... as the next transaction ` +
        `of ${deployerAddress}; any other transaction from that account first changes the addresses`,
      "  (for a federation deployed from a config file with coop:deploy --coop-config, add --factory)",
      `  then create it by a proposal of ${member.symbol}: federation:relay --coop ${member.symbol} --federation ${args.federation}`,
    ],
  );
}

/**
 * Prints the relay address that `--coop` will have in a federation that `coop:deploy --coop-config`
 * creates through the factory, from the first configured account, with `--salt` (by default the
 * federation's symbol, as coop:deploy takes it). The addresses depend on nothing else, so other
 * transactions in between change nothing.
 */
async function predictThroughFactory(
  hre: HardhatRuntimeEnvironment,
  args: RelayArgs,
  member: CoopAddresses,
  deployer: Signer,
): Promise<void> {
  const { CoopFactory__factory } = await import("../typechain-types");
  const { factorySalt } = await import("../src/deploy/factory");
  const { predictRelay } = await import("../src/deploy/federation");
  await logsToStderr(() => hre.run("deploy", { tags: "factory", noCompile: true }));
  const registry = await connectRegistry(hre, deployer);
  const factory = CoopFactory__factory.connect((await hre.deployments.get("CoopFactory")).address, deployer);
  const deployerAddress = await deployer.getAddress();
  const saltText = args.salt ?? args.federation;
  // The governors' addresses do not depend on the timelock delay, which only moves the timelock.
  const predicted = await factory.predictAddresses(deployerAddress, factorySalt(saltText), 0);
  const governors = { governor: predicted.governor, judgment: predicted.judgment };
  const relay = await predictRelay(registry, member, governors);

  output(
    args.json,
    {
      cooperative: member.symbol,
      federation: args.federation,
      relay,
      deployer: deployerAddress,
      salt: saltText,
      governors,
    },
    [
      `Relay of ${member.symbol} in the federation ${args.federation} that coop:deploy --coop-config creates: ${relay}`,
      `  predicted for deployer ${deployerAddress} and salt "${saltText}": governor ${governors.governor}, ` +
        `judgment governor ${governors.judgment}`,
      `  list it in the config file's founders, and deploy it from ${deployerAddress}` +
        (args.salt === undefined ? "" : ` with --salt "${saltText}"`),
      `  then create it by a proposal of ${member.symbol}: federation:relay --coop ${member.symbol} --federation ${args.federation}`,
    ],
  );
}

/** Options of `federation:relay`. */
interface RelayArgs extends FederationArgs {
  predict: boolean;
  factory: boolean;
  salt?: string;
  asTimelock: boolean;
}

federationTask(
  "federation:relay",
  "Shows the relay through which a member cooperative sits and votes in a federation, and the proposal that creates it",
  true,
)
  .addFlag(
    "predict",
    "Only print the relay's address in a federation that coop:deploy has not deployed yet, so that the " +
      "federation can list its relays as founders; sends nothing",
  )
  .addFlag(
    "factory",
    "With --predict: predict for a federation that coop:deploy --coop-config creates through the factory",
  )
  .addOptionalParam(
    "salt",
    "With --predict --factory: the --salt that coop:deploy --coop-config will get (default: the federation's symbol)",
  )
  .addFlag(
    "asTimelock",
    "On a local chain only: create the relay now as the cooperative's timelock, impersonated, instead of " +
      "printing the proposal that creates it",
  )
  .setAction(async (args: RelayArgs, hre) => {
    if (args.predict) {
      await predictForNewFederation(hre, args);
      return;
    }
    const { FEDERATION_MEMBER_WEIGHT, relayCreationAction } = await import("../src/deploy/federation");
    const context = await connectFederation(hre, args);
    const { member, federation, relayAddress, registry } = context;

    let transaction: string | null = null;
    if (!(await registry.isRelay(relayAddress))) {
      if (!args.asTimelock) {
        // Only the cooperative's timelock may create its relay: the cooperative takes its seat by its own vote.
        const action = await relayCreationAction(registry, member, federation);
        const actions = [{ target: action.target, data: action.data }];
        output(
          args.json,
          {
            cooperative: member.symbol,
            federation: federation.symbol,
            relay: relayAddress,
            created: false,
            createActions: actions,
          },
          [
            `The relay of ${member.symbol} in ${federation.symbol} does not exist yet: it will be at ${relayAddress}.`,
            `${member.symbol} creates it by its own vote. Save these actions as create-relay.json:`,
            `  ${JSON.stringify(actions)}`,
            `then propose them to ${member.symbol}:`,
            `  npx hardhat coop:propose --coop ${member.symbol} --title "Join ${federation.symbol}" ` +
              `--text "Take our seat in ${federation.symbol} through the relay ${relayAddress}." --actions create-relay.json`,
            "On a local chain, --as-timelock creates it now as the cooperative's timelock.",
          ],
        );
        return;
      }
      const timelock = await impersonate(hre, member.timelock);
      transaction = await send(
        "Relay creation",
        registry.connect(timelock).createRelay,
        member.governor,
        member.judgment,
        federation.governor,
        federation.judgment,
      );
    }
    const relay = await requireRelay(context);
    const [{ admitted, weight }, castWindow] = await Promise.all([relayStanding(context), relay.castWindow()]);

    const lines = [
      `Relay of ${member.symbol} in ${federation.symbol}: ${relayAddress} ` +
        (transaction === null ? "(existed already)" : `(created in transaction ${transaction})`),
      `  admitted by ${federation.symbol}: ${admitted ? "yes" : "no"}`,
      `  weight in ${federation.symbol}: ${weight}`,
      `  cast window: ${castWindow} s (mirrored votes end that long before the federation's)`,
    ];
    const admitAction = [{ target: "membership", function: "admit", args: [relayAddress] }];
    const weightAction = [
      { target: "membership", function: "setWeight", args: [relayAddress, FEDERATION_MEMBER_WEIGHT.toString()] },
    ];
    if (!admitted) {
      lines.push(
        `${federation.symbol} admits the relay by an ordinary proposal. Save these actions as admit-relay.json:`,
        `  ${JSON.stringify(admitAction)}`,
        `then propose them from a member of ${federation.symbol}:`,
        `  npx hardhat coop:propose --coop ${federation.symbol} --title "Admit ${member.symbol}" ` +
          `--text "Admit ${member.symbol} through its relay ${relayAddress}." --actions admit-relay.json`,
        `  (when ${federation.symbol}'s members are relays, propose through one of them with federation:propose)`,
      );
    }
    if (weight < FEDERATION_MEMBER_WEIGHT) {
      const rules = await context.federationCoop.charter.extraordinaryRules();
      const title = `--title "Weigh ${member.symbol}" --text "Give ${member.symbol} the federation weight."`;
      lines.push(
        `Set its weight to ${FEDERATION_MEMBER_WEIGHT} by an extraordinary proposal of ${federation.symbol} ` +
          `(${rules.majorityNumerator}/${rules.majorityDenominator} of for+against, ${rules.quorumPercent}% quorum), ` +
          "so the cooperative's vote can be split in proportion to its members' votes. Save these actions as " +
          "set-weight.json:",
        `  ${JSON.stringify(weightAction)}`,
      );
      if (admitted) {
        lines.push(
          "then propose them through the relay (or with coop:propose, from a member of the federation who is a person):",
          `  npx hardhat federation:propose --coop ${member.symbol} --federation ${federation.symbol} ${title} ` +
            "--actions set-weight.json",
        );
      } else {
        lines.push(
          `then, once ${federation.symbol} admitted the relay, propose them like the admission:`,
          `  npx hardhat coop:propose --coop ${federation.symbol} ${title} --actions set-weight.json`,
        );
      }
    }
    output(
      args.json,
      {
        cooperative: member.symbol,
        federation: federation.symbol,
        relay: relayAddress,
        created: transaction !== null,
        transaction,
        admitted,
        weight,
        castWindow,
        nextActions: {
          admit: admitted ? null : admitAction,
          setWeight: weight < FEDERATION_MEMBER_WEIGHT ? weightAction : null,
        },
      },
      lines,
    );
  });

// -------------------------------------------------------------------------------------------------
// federation:propose
// -------------------------------------------------------------------------------------------------

interface ProposeArgs extends FederationArgs, ProposalOptions {
  actions?: string;
  options?: string;
  asTimelock: boolean;
}

/** A federation proposal as federation:propose prints it. */
interface CreatedFederationProposal {
  proposalId: bigint;
  kind: "yesno" | "judgment";
  class: "ordinary" | "extraordinary";
  snapshot: bigint;
  deadline: bigint;
  transaction: string;
}

/** Returns a signer for `account` on a local chain, impersonated and given gas money when it has none. */
async function impersonate(hre: HardhatRuntimeEnvironment, account: string): Promise<Signer> {
  return impersonateOnLocalChain(
    hre,
    account,
    "there, the cooperative acts by its own proposals: it names a representative, and creates its relay with coop:propose.",
  );
}

/** Returns the account that proposes through the relay: a representative, or the cooperative's timelock. */
async function proposerFor(
  hre: HardhatRuntimeEnvironment,
  context: FederationContext,
  relay: FederationRelay,
  asTimelock: boolean,
): Promise<Signer> {
  if (asTimelock) return impersonate(hre, await relay.cooperativeTimelock());
  if (!(await relay.isRepresentative(context.account))) {
    fail(
      `${context.account} is not a representative of ${context.member.symbol} in ${context.federation.symbol}. ` +
        `${context.member.symbol} names one by a proposal calling setRepresentative(account, true) on the relay ` +
        `${context.relayAddress}; on a local chain, --as-timelock proposes as the cooperative's timelock instead.`,
    );
  }
  return context.signer;
}

/** Proposes the yes/no actions of the `--actions` file through the relay. */
async function proposeActions(
  context: FederationContext,
  proposer: FederationRelay,
  path: string,
  description: string,
): Promise<CreatedFederationProposal> {
  const { parseActions, InvalidActionError } = await import("../src/governance/actions");
  const { buildProposal, proposalId: idOf } = await import("../src/governance/proposals");
  const { federation, federationCoop, relayAddress } = context;
  const json = await parseJsonFile(path, "--actions");
  let actions;
  try {
    actions = parseActions(json, federation);
  } catch (error) {
    if (error instanceof InvalidActionError) fail(`Invalid --actions ${JSON.stringify(path)}: ${error.message}`);
    throw error;
  }

  const proposal = buildProposal(actions, description, relayAddress);
  const proposalId = await idOf(federationCoop.governor, proposal);
  if ((await federationCoop.governor.proposalSnapshot(proposalId)) !== 0n) {
    fail(
      `Proposal ${proposalId} already exists in ${federation.symbol}: the relay proposed the same actions with the ` +
        "same document before. Change the title or the document to propose again.",
    );
  }
  const transaction = await send(
    "Proposal",
    proposer.propose,
    proposal.targets,
    proposal.values,
    proposal.calldatas,
    proposal.description,
  );

  const [snapshot, deadline, extraordinary] = await Promise.all([
    federationCoop.governor.proposalSnapshot(proposalId),
    federationCoop.governor.proposalDeadline(proposalId),
    federationCoop.charter.isExtraordinary(proposal.targets, proposal.calldatas),
  ]);
  const kind = "yesno";
  return { proposalId, kind, class: extraordinary ? "extraordinary" : "ordinary", snapshot, deadline, transaction };
}

/** Pins the option labels of the `--options` file and proposes a majority-judgment decision through the relay. */
async function proposeOptions(
  context: FederationContext,
  proposer: FederationRelay,
  path: string,
  description: string,
): Promise<CreatedFederationProposal> {
  const { parseOptionsFile, InvalidOptionsError } = await import("../src/mj/optionsFile");
  const { pinOptionLabels } = await import("../src/mj/optionLabels");
  const { judgmentOptions } = await import("../src/mj/judgmentProposals");
  const { openConfiguredStore } = await import("./contentStore");
  const { id: hashText } = await import("ethers");
  const { dirname, resolve } = await import("node:path");
  const { federation, federationCoop, relayAddress } = context;

  const json = await parseJsonFile(path, "--options");
  let file;
  try {
    file = parseOptionsFile(json, federation, dirname(resolve(path)));
  } catch (error) {
    if (error instanceof InvalidOptionsError) fail(`Invalid --options ${JSON.stringify(path)}: ${error.message}`);
    throw error;
  }
  const { store } = await openConfiguredStore();
  let labels;
  try {
    labels = await pinOptionLabels(store, file.options);
  } catch (error) {
    fail(`Invalid --options ${JSON.stringify(path)}: ${(error as Error).message}`);
  }

  const options = judgmentOptions(
    labels,
    file.options.map((option) => option.actions),
  );
  const proposalId = await federationCoop.judgment.hashProposal(
    relayAddress,
    options,
    file.statusQuo,
    hashText(description),
  );
  const transaction = await send("Proposal", proposer.proposeJudgment, options, file.statusQuo, description);
  const details = await federationCoop.judgment.proposalDetails(proposalId);
  return {
    proposalId,
    kind: "judgment",
    class: "ordinary",
    snapshot: details.snapshot,
    deadline: details.deadline,
    transaction,
  };
}

federationTask(
  "federation:propose",
  "Proposes a yes/no or majority-judgment decision in the federation through the member cooperative's relay",
  true,
  "Representative of the member cooperative who proposes and pays the gas (default: the first configured account)",
)
  .addParam("title", "Title of the proposal, one line, e.g. 'Shared training fund'")
  .addOptionalParam(
    "actions",
    "JSON file of a yes/no proposal's actions, as coop:propose takes them, with targets naming the federation's " +
      'contracts, e.g. [{"target":"membership","function":"admit","args":["0x..."]}]',
  )
  .addOptionalParam(
    "options",
    "JSON file of a majority-judgment proposal's options, as mj:propose takes them, e.g. " +
      '{"statusQuo":true,"options":[{"label":"Plan A","actions":[]}]}',
  )
  .addOptionalParam("doc", "Document file with the proposal's full text, pinned as it is")
  .addOptionalParam("text", "Text of a Markdown document generated from the title, when no --doc is given")
  .addFlag(
    "asTimelock",
    "On a local chain only: propose as the member cooperative's timelock, impersonated, instead of a representative",
  )
  .setAction(async (args: ProposeArgs, hre) => {
    await checkProposalOptions(args, true);
    if ((args.actions === undefined) === (args.options === undefined)) {
      fail("Give either --actions FILE for a yes/no proposal or --options FILE for a majority-judgment one.");
    }
    const { proposalDescription } = await import("../src/governance/proposals");
    const { openConfiguredStore } = await import("./contentStore");
    const { isoTime } = await import("../src/chain/time");

    const context = await connectFederation(hre, args);
    const { member, federation, federationCoop, relayAddress } = context;
    const relay = await requireRelay(context);
    if (!(await federationCoop.membership.isMember(relayAddress))) {
      fail(
        `${member.symbol}'s relay ${relayAddress} is not a member of ${federation.symbol}, so it cannot propose there: ` +
          `${federation.symbol} admits it first (see federation:relay).`,
      );
    }
    const sender = await proposerFor(hre, context, relay, args.asTimelock);
    const proposer = relay.connect(sender);

    const { store } = await openConfiguredStore();
    const source = args.doc === undefined ? { title: args.title, text: args.text ?? "" } : { file: args.doc };
    const document = await pinProposalDocument(store, source);
    const description = proposalDescription(args.title, document.uri);
    const created =
      args.actions !== undefined
        ? await proposeActions(context, proposer, args.actions, description)
        : await proposeOptions(context, proposer, args.options ?? "", description);

    const { proposalId } = created;
    const kindOption = created.kind === "judgment" ? " --kind judgment" : "";
    output(
      args.json,
      {
        ...created,
        proposer: relayAddress,
        sender: await sender.getAddress(),
        federation: federation.symbol,
        document: { uri: document.uri, cid: document.cid },
      },
      [
        `Proposal ${proposalId} created in ${federation.symbol} by ${member.symbol}'s relay ${relayAddress} ` +
          `(transaction ${created.transaction}).`,
        `  kind: ${created.kind}, class: ${created.class}`,
        `  document: ${document.uri}`,
        `  voting opens after ${isoTime(created.snapshot)} and ends at ${isoTime(created.deadline)}`,
        `  then mirror it into each member: federation:mirror --coop SYMBOL --federation ${federation.symbol} ` +
          `--id ${proposalId}${kindOption}`,
      ],
    );
    await warnIfPinnedLocally(hre, [document.uri]);
  });

// -------------------------------------------------------------------------------------------------
// federation:mirror
// -------------------------------------------------------------------------------------------------

interface MirrorTaskArgs extends FederationArgs {
  id: string;
  kind: string;
  sourceRelay?: string;
}

/** Sends the mirroring transaction for the source that the options name, and returns the source's address. */
async function sendMirror(
  context: FederationContext,
  relay: FederationRelay,
  args: MirrorTaskArgs,
  id: bigint,
): Promise<string> {
  const { isAddress, getAddress } = await import("ethers");
  const { federation, federationCoop } = context;
  if (args.sourceRelay !== undefined) {
    if (!isAddress(args.sourceRelay)) {
      fail(`Invalid --source-relay "${args.sourceRelay}": expected an address, 0x and 40 hex digits.`);
    }
    await send("Mirror", relay.mirrorRelayed, args.sourceRelay, id);
    return getAddress(args.sourceRelay);
  }
  if (args.kind === "yesno") {
    const { findProposal } = await import("../src/governance/proposalEvents");
    const proposal = await findProposal(
      federationCoop.governor,
      federationCoop.charter,
      id,
      context.federationFromBlock,
    );
    if (proposal === undefined) {
      fail(
        `Proposal ${id} was not found in ${federation.symbol}'s yes/no governor ${federation.governor}: check the ` +
          "id, or pass --kind judgment for a majority-judgment proposal.",
      );
    }
    const { targets, values, calldatas, description } = proposal;
    await send("Mirror", relay.mirrorProposal, targets, values, calldatas, description);
    return federation.governor;
  }
  const { findJudgmentProposal } = await import("../src/mj/judgmentProposals");
  const proposal = await findJudgmentProposal(
    federationCoop.judgment,
    federationCoop.charter,
    id,
    context.federationFromBlock,
  );
  if (proposal === undefined) {
    fail(
      `Proposal ${id} was not found in ${federation.symbol}'s majority-judgment governor ${federation.judgment}: ` +
        "check the id, or pass --kind yesno for a yes/no proposal.",
    );
  }
  const options = proposal.options.map(({ label, targets, values, calldatas }) => ({
    label,
    targets,
    values,
    calldatas,
  }));
  await send("Mirror", relay.mirrorJudgment, id, options, proposal.statusQuo, proposal.description);
  return federation.judgment;
}

federationTask(
  "federation:mirror",
  "Mirrors an active federation proposal into the member cooperative, so its members can vote on it",
  true,
)
  .addParam(
    "id",
    "Id of the federation's proposal, a decimal number as coop:propose or federation:propose printed it; with " +
      "--source-relay, the id of the mirror in that relay",
  )
  .addOptionalParam(
    "kind",
    "yesno for a proposal of the federation's yes/no governor, judgment for its majority-judgment governor",
    "yesno",
  )
  .addOptionalParam(
    "sourceRelay",
    "Third level: address of the federation's own relay in a larger federation, whose mirror --id is mirrored, " +
      "e.g. 0x5FbDB2315678afecb367f032d93F642f64180aa3",
  )
  .setAction(async (args: MirrorTaskArgs, hre) => {
    const { MIRROR_KINDS } = await import("../src/federation/mirrors");
    const { isoTime } = await import("../src/chain/time");
    if (!(MIRROR_KINDS as readonly string[]).includes(args.kind)) {
      fail(`Invalid --kind "${args.kind}": expected ${MIRROR_KINDS.join(" or ")}.`);
    }
    const id = parseProposalId(args.id, args.sourceRelay === undefined ? "federation:propose" : "federation:mirror");
    const context = await connectFederation(hre, args);
    const relay = await requireRelay(context);
    const source = await sendMirror(context, relay, args, id);
    const mirrorId = await relay.mirrorIdOf(source, id);
    const mirror = await loadMirror(context, relay, mirrorId);
    const { member, federation } = context;
    const command = mirror.kind === "yesno" ? "federation:vote" : "federation:grade";
    const choice = mirror.kind === "yesno" ? "--support for|against|abstain" : "--grades 5,3,-";
    output(args.json, { ...mirror, relay: context.relayAddress }, [
      `Mirror ${mirrorId} of ${federation.symbol}'s proposal ${id} created in ${member.symbol}'s relay ` +
        `${context.relayAddress}.`,
      `  source: ${await describeSource(context, source)}`,
      `  kind: ${mirror.kind}${mirror.kind === "judgment" ? ` (${mirror.optionCount} options, ${mirror.gradeCount} grades)` : ""}`,
      `  document: ${mirror.documentUri}`,
      `  members vote until ${isoTime(mirror.deadline)}, with their weight at ${isoTime(mirror.snapshot)}`,
      `  quorum: ${mirror.quorum}`,
      `  vote with: ${command} --coop ${member.symbol} --federation ${federation.symbol} --mirror ${mirrorId} ${choice}`,
    ]);
  });

// -------------------------------------------------------------------------------------------------
// federation:vote and federation:grade
// -------------------------------------------------------------------------------------------------

federationTask(
  "federation:vote",
  "Votes for, against or abstaining on a yes/no mirror, as a member of the member cooperative",
  true,
  "Member account of --coop that votes and pays the gas (default: the first configured account)",
)
  .addParam("mirror", MIRROR_HELP)
  .addParam("support", "for, against or abstain")
  .setAction(async (args: MirrorArgs & { support: string }, hre) => {
    const support = parseSupport(args.support);
    const mirrorId = parseMirrorId(args.mirror);
    const context = await connectFederation(hre, args);
    const relay = await requireRelay(context);
    const transaction = await send("Vote", relay.castVote, mirrorId, support);

    const logs = await transactionLogs(hre, transaction);
    const cast = relayEvent(relay, logs, "MirrorVoteCast", transaction);
    const against = cast.args.getValue("againstVotes") as bigint;
    const inFavour = cast.args.getValue("forVotes") as bigint;
    const abstain = cast.args.getValue("abstainVotes") as bigint;
    const weight = against + inFavour + abstain;
    const mirror = await loadMirror(context, relay, mirrorId);
    output(
      args.json,
      {
        mirrorId,
        voter: context.account,
        support: args.support.toLowerCase(),
        weight,
        tally: mirror.tally,
        transaction,
      },
      [
        `${context.account} voted ${args.support.toLowerCase()} on mirror ${mirrorId} with weight ${weight} ` +
          `(transaction ${transaction}).`,
        ...describeVotes(mirror, []),
      ],
    );
  });

/** Parses `--grades`: one item per option, each a grade as mj:ballot takes it or `-` for none. */
async function parseMirrorGrades(text: string, mirror: MirrorSummary): Promise<number[]> {
  const { parseGrade, InvalidGradesError } = await import("../src/mj/gradeInput");
  const items = text.split(",").map((item) => item.trim());
  if (items.length !== mirror.optionCount) {
    fail(
      `Invalid --grades "${text}": got ${items.length} grade(s), but mirror ${mirror.mirrorId} has ` +
        `${mirror.optionCount} options. Give one grade per option, in option order, separated by commas.`,
    );
  }
  return items.map((item, option) => {
    if (item === "-") return NO_GRADE;
    try {
      return parseGrade(item, option, mirror.gradeCount);
    } catch (error) {
      if (error instanceof InvalidGradesError)
        fail(`Invalid --grades "${text}": ${error.message} Give - to leave an option ungraded.`);
      throw error;
    }
  });
}

federationTask(
  "federation:grade",
  "Grades every option of a majority-judgment mirror, as a member of the member cooperative",
  true,
  "Member account of --coop that votes and pays the gas (default: the first configured account)",
)
  .addParam("mirror", MIRROR_HELP)
  .addParam(
    "grades",
    "One grade per option, in option order, separated by commas: the grade's number from 0 (the worst), its word " +
      "in English or French as mj:ballot takes it, or - to leave the option ungraded (it then counts as the worst " +
      "grade), e.g. 5,3,- or Excellent,Good,-",
  )
  .setAction(async (args: MirrorArgs & { grades: string }, hre) => {
    const mirrorId = parseMirrorId(args.mirror);
    const context = await connectFederation(hre, args);
    const relay = await requireRelay(context);
    const mirror = await loadMirror(context, relay, mirrorId);
    if (mirror.kind !== "judgment") {
      fail(`Mirror ${mirrorId} is a yes/no mirror: vote on it with federation:vote --support for|against|abstain.`);
    }
    const grades = await parseMirrorGrades(args.grades, mirror);
    const transaction = await send("Ballot", relay.castBallot, mirrorId, grades);

    const logs = await transactionLogs(hre, transaction);
    const cast = relayEvent(relay, logs, "MirrorBallotCast", transaction);
    const weight = cast.args.getValue("weight") as bigint;
    const scale = await gradeScale(mirror.gradeCount);
    const after = await loadMirror(context, relay, mirrorId);
    output(args.json, { mirrorId, voter: context.account, grades, weight, histogram: after.histogram, transaction }, [
      `${context.account} graded mirror ${mirrorId} with weight ${weight} (transaction ${transaction}).`,
      ...grades.map(
        (grade, option) =>
          `  option ${option}: ${grade === NO_GRADE ? "ungraded (counts as the worst grade)" : scale[grade]}`,
      ),
      ...describeVotes(after, scale),
    ]);
  });

// -------------------------------------------------------------------------------------------------
// federation:cast
// -------------------------------------------------------------------------------------------------

/** Votes of a source proposal: a yes/no tally, or weight per grade of each option. */
type SourceVotes = { for: bigint; against: bigint; abstain: bigint } | { histogram: bigint[][] };

/** Reads the votes of the source proposal above, after the relay cast into it. */
async function sourceVotes(context: FederationContext, mirror: MirrorSummary): Promise<SourceVotes> {
  const { FederationRelay__factory } = await import("../typechain-types");
  const { federationCoop, federation } = context;
  if (mirror.source === federation.governor) {
    const votes = await federationCoop.governor.proposalVotes(mirror.sourceProposalId);
    return { for: votes.forVotes, against: votes.againstVotes, abstain: votes.abstainVotes };
  }
  if (mirror.source === federation.judgment) {
    const tallies = await federationCoop.judgment.tallies(mirror.sourceProposalId);
    return { histogram: tallies.map((row) => [...row]) };
  }
  const above = FederationRelay__factory.connect(mirror.source, context.signer);
  if (mirror.kind === "yesno") {
    const counted = await above.tally(mirror.sourceProposalId);
    return { for: counted.forVotes, against: counted.againstVotes, abstain: counted.abstainVotes };
  }
  return { histogram: (await above.histogram(mirror.sourceProposalId)).map((row) => [...row]) };
}

federationTask(
  "federation:cast",
  "Casts a mirror's result upward: the cooperative's whole weight, split as its members voted",
  true,
)
  .addParam("mirror", MIRROR_HELP)
  .setAction(async (args: MirrorArgs, hre) => {
    const { findUpwardVote } = await import("../src/federation/upwardVotes");
    const mirrorId = parseMirrorId(args.mirror);
    const context = await connectFederation(hre, args);
    const relay = await requireRelay(context);
    const transaction = await send("Cast upward", relay.castUpward, mirrorId);

    const mirror = await loadMirror(context, relay, mirrorId);
    const logs = await transactionLogs(hre, transaction);
    const vote = findUpwardVote(logs, context.relayAddress, mirror.source);
    const totals = await sourceVotes(context, mirror);
    const scale = await gradeScale(mirror.gradeCount);
    const totalLines =
      "histogram" in totals
        ? [
            "  source's ballots now, worst grade first:",
            ...totals.histogram.map((row, option) => `    option ${option}: ${formatRow(row, scale)}`),
          ]
        : [`  source's votes now: ${totals.for} for, ${totals.against} against, ${totals.abstain} abstain`];
    output(
      args.json,
      {
        mirrorId,
        source: mirror.source,
        sourceProposalId: mirror.sourceProposalId,
        vote: vote ?? null,
        sourceVotes: totals,
        transaction,
      },
      [
        `Mirror ${mirrorId} cast upward with weight ${vote?.weight ?? "unknown"} into ` +
          `${await describeSource(context, mirror.source)}, proposal ${mirror.sourceProposalId} (transaction ${transaction}).`,
        ...(vote === undefined
          ? ["  the vote above was not found in the transaction's logs"]
          : describeUpwardVote(vote, scale)),
        ...totalLines,
      ],
    );
  });

// -------------------------------------------------------------------------------------------------
// federation:status
// -------------------------------------------------------------------------------------------------

federationTask("federation:status", "Shows the member cooperative's relay in the federation and its mirrors", false)
  .addOptionalParam("mirror", `Show only this mirror: ${MIRROR_HELP}`)
  .setAction(async (args: FederationArgs & { mirror?: string }, hre) => {
    const { listMirrorIds } = await import("../src/federation/mirrors");
    const { isoTime, latestTimestamp } = await import("../src/chain/time");
    const context = await connectFederation(hre, args);
    const { member, federation, relayAddress } = context;
    const created = await context.registry.isRelay(relayAddress);
    if (!created) {
      output(args.json, { cooperative: member.symbol, federation: federation.symbol, relay: relayAddress, created }, [
        `${member.symbol} has no relay in ${federation.symbol} yet; it will be at ${relayAddress}.`,
        `  create it with federation:relay --coop ${member.symbol} --federation ${federation.symbol}`,
      ]);
      return;
    }
    const relay = await requireRelay(context);
    const ids = args.mirror === undefined ? await listMirrorIds(relay) : [parseMirrorId(args.mirror)];
    const [{ admitted, weight }, castWindow, now] = await Promise.all([
      relayStanding(context),
      relay.castWindow(),
      latestTimestamp(hre.ethers.provider),
    ]);
    const mirrors: MirrorSummary[] = [];
    for (const id of ids) mirrors.push(await loadMirror(context, relay, id));

    const lines = [
      `Relay of ${member.symbol} in ${federation.symbol}: ${relayAddress}`,
      `  admitted: ${admitted ? "yes" : "no"}, weight ${weight}, cast window ${castWindow} s`,
      `  chain time: ${isoTime(now)}`,
      mirrors.length === 0
        ? "  no mirror yet: mirror a federation proposal with federation:mirror"
        : `  mirrors: ${mirrors.length}`,
    ];
    for (const mirror of mirrors) {
      lines.push(
        `Mirror ${mirror.mirrorId} (${mirror.kind}): ${mirror.state}`,
        `  source: ${await describeSource(context, mirror.source)}, proposal ${mirror.sourceProposalId}`,
        `  document: ${mirror.documentUri}`,
        `  members vote until ${isoTime(mirror.deadline)}`,
        ...describeVotes(mirror, await gradeScale(mirror.gradeCount)),
        `  cast upward: ${mirror.cast ? "yes" : "no"}`,
      );
    }
    output(
      args.json,
      {
        cooperative: member.symbol,
        federation: federation.symbol,
        relay: relayAddress,
        created,
        admitted,
        weight,
        castWindow,
        chainTime: now,
        mirrors,
      },
      lines,
    );
  });

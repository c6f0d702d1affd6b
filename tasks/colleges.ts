import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { getAddress, isAddress, type Interface, type Signer } from "ethers";

import { coopTask, fail, loadCoopAddresses, output, parseJsonFile, requireCid, send, signerFor } from "./lib";
import type { CoopAddresses } from "./lib";

// Modules that import TypeChain bindings are loaded inside actions: hardhat.config.ts loads this
// file before the first compilation has generated them.

/** Chain id of the embedded network and of `hardhat node`, the only chains where the task impersonates a timelock. */
const LOCAL_CHAIN_ID = 31337n;

/** Balance given to an impersonated timelock that has none, so it can pay the gas of the configuration: 1 ETH. */
const IMPERSONATION_BALANCE = 10n ** 18n;

/** Basis points of 100%: the college weights sum to it. */
const BPS_TOTAL = 10_000;

/** Largest college id, a uint16. */
const MAX_COLLEGE_ID = 65_535;

/** Names of the quorum modes in configuration files, by `ICoopColleges.QuorumMode` value. */
const QUORUM_MODES = ["global", "per-college"] as const;

/** Suffix of the deployment record of a cooperative's colleges module: `SYMBOL-colleges`. */
const RECORD_PART = "colleges";

/** One college as the configuration file gives it, its label as a CID. */
export interface CollegeEntry {
  id: number;
  weightBps: number;
  label: string;
}

/** A configuration file of `coop:colleges --apply`, every field optional but at least one given. */
export interface CollegesConfig {
  colleges?: CollegeEntry[];
  bounds?: { minBps: number; maxBps: number };
  enabled?: boolean;
  quorumMode?: (typeof QUORUM_MODES)[number];
  /** Governors allowed to record votes: "governor", "judgment" or addresses. */
  governors?: string[];
  /** Members to assign to a college, by address: set before college voting is turned on. */
  members?: { address: string; college: number }[];
}

/** One timelock call of a configuration, as coop:propose reads it. */
export interface ConfigurationAction {
  target: string;
  data: string;
}

interface CollegesArgs {
  coop?: string;
  from?: string;
  json: boolean;
  deploy: boolean;
  apply?: string;
  asTimelock: boolean;
  colleges?: string;
}

/** Fails naming `field` of the `--apply` file, its value and what was expected. */
function invalid(field: string, value: unknown, expected: string): never {
  fail(`Invalid ${field} ${JSON.stringify(value)} in --apply: expected ${expected}.`);
}

function requireBps(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > BPS_TOTAL) {
    invalid(field, value, "a whole number of basis points from 0 to 10000 (10000 is 100%)");
  }
  return value;
}

/**
 * Reads a `--apply` file's content and checks what the contract would check, so that a mistake
 * fails here, naming the field, before any transaction or proposal.
 */
export function parseCollegesConfig(value: unknown): CollegesConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    invalid(
      "file content",
      value,
      'an object such as {"colleges": [{"id": 1, "weightBps": 5000, "label": "bafy..."}]}',
    );
  }
  const raw = value as Record<string, unknown>;
  const known = ["colleges", "bounds", "enabled", "quorumMode", "governors", "members"];
  const unknown = Object.keys(raw).filter((key) => !known.includes(key));
  if (unknown.length > 0) invalid("field", unknown[0], `one of ${known.join(", ")}`);
  if (Object.keys(raw).length === 0) invalid("file content", raw, `at least one of ${known.join(", ")}`);

  const config: CollegesConfig = {};
  if (raw.bounds !== undefined) {
    const bounds = raw.bounds as Record<string, unknown>;
    const minBps = requireBps(bounds?.minBps, "bounds.minBps");
    const maxBps = requireBps(bounds?.maxBps, "bounds.maxBps");
    if (minBps > maxBps) invalid("bounds", raw.bounds, "minBps at most maxBps");
    config.bounds = { minBps, maxBps };
  }
  if (raw.colleges !== undefined) config.colleges = parseColleges(raw.colleges);
  if (raw.enabled !== undefined) {
    if (typeof raw.enabled !== "boolean") invalid("enabled", raw.enabled, "true or false");
    config.enabled = raw.enabled;
  }
  if (raw.quorumMode !== undefined) {
    if (!QUORUM_MODES.includes(raw.quorumMode as (typeof QUORUM_MODES)[number])) {
      invalid("quorumMode", raw.quorumMode, `"${QUORUM_MODES.join('" or "')}"`);
    }
    config.quorumMode = raw.quorumMode as (typeof QUORUM_MODES)[number];
  }
  if (raw.governors !== undefined) {
    if (!Array.isArray(raw.governors)) invalid("governors", raw.governors, 'a list such as ["governor", "judgment"]');
    for (const [index, entry] of raw.governors.entries()) {
      if (entry !== "governor" && entry !== "judgment" && !(typeof entry === "string" && isAddress(entry))) {
        invalid(`governors[${index}]`, entry, '"governor", "judgment" or an address of 0x and 40 hex digits');
      }
    }
    config.governors = raw.governors as string[];
  }
  if (raw.members !== undefined) config.members = parseMembers(raw.members);
  return config;
}

/** Reads `members`: an object from member address to college id. */
function parseMembers(value: unknown): { address: string; college: number }[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    invalid(
      "members",
      value,
      'an object from address to college id, such as {"0x70997970C51812dc3A010C7d01b50e0d17dc79C8": 1}',
    );
  }
  return Object.entries(value as Record<string, unknown>).map(([address, college]) => {
    if (!isAddress(address)) invalid("members key", address, "an address of 0x and 40 hex digits");
    if (typeof college !== "number" || !Number.isInteger(college) || college < 0 || college > MAX_COLLEGE_ID) {
      invalid(`members["${address}"]`, college, `a college id from 0 to ${MAX_COLLEGE_ID} (0 means "no college")`);
    }
    return { address: getAddress(address), college };
  });
}

function parseColleges(value: unknown): CollegeEntry[] {
  if (!Array.isArray(value) || value.length === 0) {
    invalid("colleges", value, 'a non-empty list such as [{"id": 1, "weightBps": 5000, "label": "bafy..."}]');
  }
  const seen = new Set<number>();
  let sum = 0;
  const colleges = value.map((entry: unknown, index): CollegeEntry => {
    const college = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    const { id, label } = college;
    if (typeof id !== "number" || !Number.isInteger(id) || id < 1 || id > MAX_COLLEGE_ID) {
      invalid(`colleges[${index}].id`, id, `a whole number from 1 to ${MAX_COLLEGE_ID} (0 means "no college")`);
    }
    if (seen.has(id)) invalid(`colleges[${index}].id`, id, "an id that no other college has");
    seen.add(id);
    const weightBps = requireBps(college.weightBps, `colleges[${index}].weightBps`);
    if (weightBps === 0) invalid(`colleges[${index}].weightBps`, weightBps, "a weight above 0");
    if (typeof label !== "string")
      invalid(`colleges[${index}].label`, label, "the CID of the college's label document");
    sum += weightBps;
    return { id, weightBps, label };
  });
  if (sum !== BPS_TOTAL) {
    fail(`Invalid colleges in --apply: the weights sum to ${sum} basis points; make them sum to 10000 (100%).`);
  }
  return colleges;
}

/** Fails naming the college whose weight lies outside `bounds`. */
function checkBounds(colleges: CollegeEntry[], bounds: { minBps: number; maxBps: number }, source: string): void {
  for (const college of colleges) {
    if (college.weightBps < bounds.minBps || college.weightBps > bounds.maxBps) {
      fail(
        `College ${college.id} weighs ${college.weightBps} basis points, outside the bounds ${bounds.minBps} to ` +
          `${bounds.maxBps} (${source}): change its weight, or the bounds in the same --apply.`,
      );
    }
  }
}

/** Returns the colleges module of the cooperative: `--colleges`, or its deployment record. */
async function collegesAddress(
  hre: HardhatRuntimeEnvironment,
  addresses: CoopAddresses,
  option: string | undefined,
): Promise<string | undefined> {
  if (option !== undefined) {
    if (!isAddress(option)) fail(`Invalid --colleges "${option}": expected an address of 0x and 40 hex digits.`);
    return getAddress(option);
  }
  const record = await hre.deployments.getOrNull(`${addresses.symbol}-${RECORD_PART}`);
  return record?.address;
}

/** Deploys a colleges module for the cooperative and records it as `SYMBOL-colleges`. */
async function deployColleges(hre: HardhatRuntimeEnvironment, args: CollegesArgs, addresses: CoopAddresses) {
  const existing = await collegesAddress(hre, addresses, undefined);
  if (existing !== undefined) {
    fail(
      `${addresses.symbol} already has a colleges module at ${existing} (deployments/${hre.network.name}/` +
        `${addresses.symbol}-${RECORD_PART}.json): configure it with --apply, or delete that record to deploy another.`,
    );
  }
  const { CoopColleges__factory, CoopProxy__factory } = await import("../typechain-types");
  const signer = await signerFor(hre, args.from);
  const implementation = await new CoopColleges__factory(signer).deploy();
  await implementation.waitForDeployment();
  const initData = CoopColleges__factory.createInterface().encodeFunctionData("initialize", [
    addresses.membership,
    addresses.timelock,
  ]);
  const proxy = await new CoopProxy__factory(signer).deploy(await implementation.getAddress(), initData);
  await proxy.waitForDeployment();
  const address = await proxy.getAddress();
  const artifact = await hre.deployments.getExtendedArtifact("CoopColleges");
  const deploymentBlock = await hre.ethers.provider.getBlockNumber();
  await hre.deployments.save(`${addresses.symbol}-${RECORD_PART}`, {
    address,
    abi: artifact.abi,
    linkedData: { deploymentBlock },
  });
  return { address, implementation: await implementation.getAddress() };
}

/** Fails unless `colleges` is a colleges module of the cooperative: same membership register and timelock. */
async function requireModuleOf(
  colleges: import("../typechain-types").CoopColleges,
  addresses: CoopAddresses,
): Promise<void> {
  const address = await colleges.getAddress();
  let membership: string;
  let timelock: string;
  try {
    [membership, timelock] = await Promise.all([colleges.membership(), colleges.timelock()]);
  } catch {
    fail(
      `${address} is not a colleges module: it does not answer membership() and timelock(). Give the address ` +
        `that coop:colleges --deploy printed, or leave out --colleges to use the recorded module.`,
    );
  }
  if (membership !== addresses.membership || timelock !== addresses.timelock) {
    fail(
      `The colleges module ${address} belongs to another cooperative (membership ${membership}), not to ` +
        `${addresses.symbol}. Give the module of ${addresses.symbol}, or deploy one with coop:colleges --deploy.`,
    );
  }
}

/** Returns the timelock calls that apply `config`, in an order the contract accepts. */
async function configurationActions(
  colleges: import("../typechain-types").CoopColleges,
  addresses: CoopAddresses,
  config: CollegesConfig,
): Promise<ConfigurationAction[]> {
  const target = await colleges.getAddress();
  const calls: ConfigurationAction[] = [];
  const iface = colleges.interface;
  const call = (data: string) => calls.push({ target, data });
  const [minBps, maxBps] = (await colleges.bounds()).map(Number);

  if (config.colleges !== undefined) {
    const entries = await Promise.all(
      config.colleges.map(async (college, index) => ({
        id: college.id,
        weightBps: college.weightBps,
        labelCid: await requireCid(college.label, `colleges[${index}].label in --apply`),
      })),
    );
    if (config.bounds !== undefined) {
      checkBounds(config.colleges, config.bounds, "the bounds of --apply");
      // Widen the bounds first, so that neither the old colleges nor the new ones block the change.
      call(iface.encodeFunctionData("setBounds", [0, BPS_TOTAL]));
    } else {
      checkBounds(config.colleges, { minBps, maxBps }, "the bounds in force");
    }
    call(iface.encodeFunctionData("setColleges", [entries]));
  }

  if (config.bounds !== undefined)
    call(iface.encodeFunctionData("setBounds", [config.bounds.minBps, config.bounds.maxBps]));
  if (config.quorumMode !== undefined)
    call(iface.encodeFunctionData("setQuorumMode", [QUORUM_MODES.indexOf(config.quorumMode)]));
  for (const governor of config.governors ?? []) {
    const address = governor === "governor" || governor === "judgment" ? addresses[governor] : getAddress(governor);
    call(iface.encodeFunctionData("setGovernor", [address, true]));
  }

  calls.push(...(await memberActions(colleges, addresses, config)));
  await checkMembersPlaced(colleges, addresses, config);
  if (config.enabled !== undefined) call(iface.encodeFunctionData("setEnabled", [config.enabled]));
  return [...(await charterActions(colleges, addresses, target)), ...calls];
}

/**
 * Returns the membership calls that assign the members of `config` to their colleges, after
 * checking that each is a member and each college is configured, by the file or already.
 */
async function memberActions(
  colleges: import("../typechain-types").CoopColleges,
  addresses: CoopAddresses,
  config: CollegesConfig,
): Promise<ConfigurationAction[]> {
  const calls: ConfigurationAction[] = [];
  const { CoopMembership__factory } = await import("../typechain-types");
  const membership = CoopMembership__factory.connect(addresses.membership, colleges.runner);
  const collegeIds = new Set(
    (config.colleges ?? (await colleges.configurationAt(await membership.clock())).colleges).map((college) =>
      Number(college.id),
    ),
  );
  for (const { address, college } of config.members ?? []) {
    if (!(await membership.isMember(address))) {
      fail(`${address} in members of --apply is not a member of ${addresses.symbol}: admit it first, or remove it.`);
    }
    if (college !== 0 && !collegeIds.has(college)) {
      fail(
        `College ${college} of ${address} in members of --apply is not a configured college: ` +
          `use one of ${[...collegeIds].join(", ") || "the colleges that the file sets"}, or 0 for none.`,
      );
    }
    calls.push({
      target: addresses.membership,
      data: membership.interface.encodeFunctionData("setCollege", [address, college]),
    });
  }
  return calls;
}

/**
 * Fails when `config` leaves college voting on with no member in a configured college: both
 * governors would then reject every vote, including the one that would repair it. Warns about
 * each member left outside the colleges, who could not vote. Members are read from the
 * `MemberAdmitted` events; when the node rejects that query, the check is skipped with a warning.
 */
async function checkMembersPlaced(
  colleges: import("../typechain-types").CoopColleges,
  addresses: CoopAddresses,
  config: CollegesConfig,
): Promise<void> {
  const { CoopMembership__factory } = await import("../typechain-types");
  const membership = CoopMembership__factory.connect(addresses.membership, colleges.runner);
  const current = await colleges.configurationAt(await membership.clock());
  if (!(config.enabled ?? current.enabled)) return;

  const collegeIds = new Set((config.colleges ?? current.colleges).map((college) => Number(college.id)));
  const assigned = new Map((config.members ?? []).map(({ address, college }) => [address, college]));
  let admitted;
  try {
    admitted = await membership.queryFilter(membership.filters.MemberAdmitted());
  } catch (error) {
    console.warn(`Failed to list the members, so their colleges were not checked: ${(error as Error).message}`);
    return;
  }
  const placed: string[] = [];
  const outside: string[] = [];
  for (const member of new Set(admitted.map((event) => getAddress(event.args.member)))) {
    if (!(await membership.isMember(member))) continue;
    const college = assigned.get(member) ?? Number((await membership.memberInfo(member)).college);
    (collegeIds.has(college) ? placed : outside).push(member);
  }
  if (placed.length === 0) {
    fail(
      `With --apply, college voting would be on while no member of ${addresses.symbol} is in a configured ` +
        `college, so nobody could vote, not even to repair it. Assign members in "members" of the file.`,
    );
  }
  if (outside.length > 0) {
    console.warn(
      `These members are in no configured college and cannot vote while college voting is on: ` +
        `${outside.join(", ")}. Assign them in "members" of the file.`,
    );
  }
}

/**
 * Returns the charter calls that connect the module, when still needed: registering it as a
 * contract of the cooperative, so that calls to it are extraordinary decisions, and naming it as
 * the module that the governors feed.
 */
async function charterActions(
  colleges: import("../typechain-types").CoopColleges,
  addresses: CoopAddresses,
  module: string,
): Promise<ConfigurationAction[]> {
  const { CoopCharter__factory } = await import("../typechain-types");
  const charter = CoopCharter__factory.connect(addresses.charter, colleges.runner);
  const calls: ConfigurationAction[] = [];
  if (!(await charter.isCoopContract(module))) {
    calls.push({
      target: addresses.charter,
      data: charter.interface.encodeFunctionData("setCoopContract", [module, true]),
    });
  }
  if ((await charter.collegeModule()) !== module) {
    calls.push({ target: addresses.charter, data: charter.interface.encodeFunctionData("setCollegeModule", [module]) });
  }
  return calls;
}

/** Returns the name of the function that `data` calls in one of `interfaces`, or `data` itself. */
function actionName(data: string, interfaces: Interface[]): string {
  for (const contractInterface of interfaces) {
    const name = contractInterface.parseTransaction({ data })?.name;
    if (name !== undefined) return name;
  }
  return data;
}

/** Returns the cooperative's timelock as a signer on a local chain, impersonated and given gas money. */
async function impersonateTimelock(hre: HardhatRuntimeEnvironment, timelock: string): Promise<Signer> {
  const { chainId } = await hre.ethers.provider.getNetwork();
  if (chainId !== LOCAL_CHAIN_ID) {
    fail(
      `--as-timelock works only on a local Hardhat chain (chain id ${LOCAL_CHAIN_ID}), not on chain ${chainId}: ` +
        "there, leave it out and propose the printed actions with coop:propose.",
    );
  }
  await hre.ethers.provider.send("hardhat_impersonateAccount", [timelock]);
  if ((await hre.ethers.provider.getBalance(timelock)) === 0n) {
    await hre.ethers.provider.send("hardhat_setBalance", [timelock, `0x${IMPERSONATION_BALANCE.toString(16)}`]);
  }
  return hre.ethers.getSigner(timelock);
}

/** Reads the module's configuration now, with the cooperative's governors' registration. */
async function describeColleges(
  colleges: import("../typechain-types").CoopColleges,
  addresses: CoopAddresses,
  membershipClock: bigint,
) {
  const { cidToText } = await import("../src/ipfs/cidText");
  const { formatBps } = await import("../src/cli/amounts");
  const { CoopCharter__factory } = await import("../typechain-types");
  const charter = CoopCharter__factory.connect(addresses.charter, colleges.runner);
  const address = await colleges.getAddress();
  const [configuration, [minBps, maxBps], governor, judgment, implementation, registered, named] = await Promise.all([
    colleges.configurationAt(membershipClock),
    colleges.bounds(),
    colleges.isGovernor(addresses.governor),
    colleges.isGovernor(addresses.judgment),
    colleges.implementation(),
    charter.isCoopContract(address),
    charter.collegeModule().then((module) => module === address),
  ]);
  const list = configuration.colleges.map((college) => ({
    id: Number(college.id),
    weightBps: Number(college.weightBps),
    label: cidToText(college.labelCid),
  }));
  const value = {
    address,
    implementation,
    enabled: configuration.enabled,
    quorumMode: QUORUM_MODES[Number(configuration.quorumMode)],
    bounds: { minBps: Number(minBps), maxBps: Number(maxBps) },
    colleges: list,
    governors: { governor, judgment },
    charter: { registered, named },
  };
  const yesNo = (registered: boolean) => (registered ? "registered" : "not registered");
  const lines = [
    `Colleges module of ${addresses.symbol}: ${value.address} (implementation ${implementation})`,
    `College voting: ${value.enabled ? "on" : "off"}; quorum: ${value.quorumMode}`,
    `Weight bounds: ${formatBps(minBps)} to ${formatBps(maxBps)}`,
    ...(list.length === 0
      ? ["No colleges configured yet: apply a --apply file."]
      : list.map((college) => `  college ${college.id}: ${formatBps(college.weightBps)}, label ${college.label}`)),
    `Yes/no governor ${yesNo(governor)}; majority-judgment governor ${yesNo(judgment)}.`,
    named
      ? "The charter names this module, so both governors feed it every vote."
      : "The charter does not name this module yet, so no governor feeds it: apply a configuration to connect it.",
  ];
  return { value, lines };
}

coopTask(
  "coop:colleges",
  "Shows a cooperative's colleges and their weights; deploys the colleges module or applies a configuration",
  true,
)
  .addFlag("deploy", "Deploy a colleges module for the cooperative and record it as SYMBOL-colleges")
  .addOptionalParam(
    "apply",
    'JSON file of the configuration to apply, e.g. {"colleges": [{"id": 1, "weightBps": 3000, "label": "bafy..."}], ' +
      '"bounds": {"minBps": 1000, "maxBps": 5000}, "quorumMode": "global", "governors": ["governor", "judgment"], ' +
      '"enabled": true}',
  )
  .addFlag(
    "asTimelock",
    "With --apply, on a local chain only: apply it now as the cooperative's timelock, impersonated, instead of " +
      "printing the actions to propose",
  )
  .addOptionalParam("colleges", "Address of the colleges module, when no SYMBOL-colleges record names it")
  .setAction(async (args: CollegesArgs, hre) => {
    if (args.asTimelock && args.apply === undefined) fail("--as-timelock applies a --apply file: give one.");
    const addresses = await loadCoopAddresses(hre, args.coop);
    const deployed = args.deploy ? await deployColleges(hre, args, addresses) : undefined;
    const address = deployed?.address ?? (await collegesAddress(hre, addresses, args.colleges));
    if (address === undefined) {
      fail(
        `${addresses.symbol} has no colleges module recorded on ${hre.network.name}: run coop:colleges --deploy ` +
          "first, or give its address with --colleges.",
      );
    }
    const { CoopCharter__factory, CoopColleges__factory, CoopMembership__factory } = await import("../typechain-types");
    const signer = await signerFor(hre, args.from);
    const colleges = CoopColleges__factory.connect(address, signer);
    const membership = CoopMembership__factory.connect(addresses.membership, signer);
    await requireModuleOf(colleges, addresses);

    let actions: ConfigurationAction[] = [];
    let applied = false;
    if (args.apply !== undefined) {
      const config = parseCollegesConfig(await parseJsonFile(args.apply, "--apply"));
      actions = await configurationActions(colleges, addresses, config);
      if (args.asTimelock) {
        const timelock = await impersonateTimelock(hre, addresses.timelock);
        for (const action of actions) {
          const name = actionName(action.data, [
            colleges.interface,
            CoopCharter__factory.createInterface(),
            membership.interface,
          ]);
          const request = { to: action.target, data: action.data };
          const method = Object.assign(() => timelock.sendTransaction(request), {
            staticCall: () => timelock.call(request),
          });
          await send(`Colleges: ${name}`, method);
        }
        applied = true;
      }
    }

    const { value, lines } = await describeColleges(colleges, addresses, await membership.clock());
    if (applied) {
      const count = actions.length === 1 ? "1 action" : `${actions.length} actions`;
      lines.unshift(`Applied ${count} as the timelock of ${addresses.symbol}.`);
    }
    if (deployed !== undefined) lines.unshift(`Deployed the colleges module of ${addresses.symbol} at ${address}.`);
    if (actions.length > 0 && !applied) {
      lines.push(
        "Only the cooperative's timelock configures colleges (an extraordinary decision). Save these actions as colleges.json:",
        `  ${JSON.stringify(actions)}`,
        `then propose them: npx hardhat coop:propose --coop ${addresses.symbol} --title "Colleges" --text "..." --actions colleges.json`,
        "On a local chain, --as-timelock applies them now as the cooperative's timelock.",
      );
    }
    output(args.json, { ...value, deployed: deployed !== undefined, applied, actions }, lines);
  });

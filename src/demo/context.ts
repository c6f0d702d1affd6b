import { readFile } from "node:fs/promises";
import path from "node:path";

import { formatEther, formatUnits } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import type { RpcProvider } from "../chain/time";
import type { CooperativeConfig } from "../config/cooperativeConfig";
import type { Cooperative, CooperativeAddresses } from "../deploy/cooperative";
import type { PinnedDocument } from "../governance/documents";
import { parseCid, toIpfsUri } from "../ipfs/cidText";
import type { ContentStore } from "../ipfs/contentStore";
import type { KeyStore } from "../crypto/keyStore";
import type { TokenMock } from "../../typechain-types";
import type { DemoRecord } from "./record";

/** Folder of the example config files and documents that the demo runs from. */
export const EXAMPLES_DIRECTORY = path.resolve(__dirname, "..", "..", "examples");

/** A person of the demo: a name for the printed lines and the local test account they sign with. */
export interface Person {
  name: string;
  signer: HardhatEthersSigner;
  address: string;
}

/** A deployed cooperative of the demo, with its config, addresses and the people in it. */
export interface DemoCooperative {
  config: CooperativeConfig;
  contracts: Cooperative;
  addresses: CooperativeAddresses;
  /** Founding members, in the order of the config file. */
  founders: Person[];
}

/** The people of the demo, each bound to one local test account. */
export interface Cast {
  /** Deploys the contracts and relays signed votes; not a member of anything. */
  deployer: Person;
  /** The three founders of Riverside Bakers, in the order of examples/cooperative.json. */
  bakers: Person[];
  /** The baker who applies to join Riverside Bakers. */
  applicant: Person;
  /** The three flour suppliers that submitted a tender. */
  suppliers: Person[];
  /** A customer of the market stall, who pays through the fee router. */
  customer: Person;
  /** The three founders of Fournil Coopératif du Quai, in the order of examples/cooperative.fr.json. */
  fournilFounders: Person[];
}

/** State that the chapters share: the network, the stores, the people and what earlier chapters built. */
export interface DemoContext {
  hre: HardhatRuntimeEnvironment;
  provider: RpcProvider;
  store: ContentStore;
  keyStore: KeyStore;
  /** Folder that the summary and the chart are written to. */
  outputDirectory: string;
  cast: Cast;
  /** Riverside Bakers, from chapter 1 on. */
  bakers?: DemoCooperative;
  /** The Test Euro token, from chapter 4 on. */
  euro?: TokenMock;
  /** Decisions taken so far, in order, with their outcome in words, for the summary. */
  decisions: { cooperative: string; title: string; outcome: string }[];
  /** Record of each chapter's outcome, for the summary and the end-to-end test. */
  record: DemoRecord;
}

/** Prints one line of the demo. */
export function say(line = ""): void {
  console.log(line);
}

/** Prints a chapter's numbered heading in English and French. */
export function heading(chapter: number, english: string, french: string): void {
  say();
  say(`${chapter}. ${english} / ${french}`);
}

/** Prints one indented line of a chapter. */
export function step(line: string): void {
  say(`   ${line}`);
}

/** Shortens an address to its first six and last four hex digits, such as 0x7099…79C8. */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** Returns a person's name with their short address, such as "Amina (0x7099…79C8)". */
export function who(person: Person): string {
  return `${person.name} (${shortAddress(person.address)})`;
}

/** Formats wei as ETH with at most six decimals, such as "0.0505 ETH". */
export function eth(wei: bigint): string {
  return `${trimDecimals(formatEther(wei), 6)} ETH`;
}

/** Formats an amount of a token with `decimals` decimals, such as "12.5 tEUR". */
export function tokens(amount: bigint, decimals: number, symbol: string): string {
  return `${trimDecimals(formatUnits(amount, decimals), decimals)} ${symbol}`;
}

/** Shortens a proposal id, a 77-digit number, to its first and last digits. */
export function shortId(id: bigint): string {
  const text = id.toString();
  return text.length <= 12 ? text : `${text.slice(0, 6)}…${text.slice(-4)}`;
}

function trimDecimals(text: string, decimals: number): string {
  const [whole, fraction = ""] = text.split(".");
  const keptDecimals = fraction.slice(0, decimals).replace(/0+$/, "");
  return keptDecimals === "" ? whole : `${whole}.${keptDecimals}`;
}

/**
 * Pins the English and French versions of an example document as one bilingual Markdown document,
 * English first, and returns its CID and `ipfs://` URI. `name` is the file name without `.md`, such
 * as `admit-farid`, and the French version is `NAME.fr.md` beside it.
 */
export async function pinBilingualDocument(context: DemoContext, name: string): Promise<PinnedDocument> {
  const folder = path.join(EXAMPLES_DIRECTORY, "documents");
  const english = await readFile(path.join(folder, `${name}.md`), "utf8");
  const french = await readFile(path.join(folder, `${name}.fr.md`), "utf8");
  const text = `${english.trim()}\n\n---\n\n${french.trim()}\n`;
  const cid = await context.store.add(new TextEncoder().encode(text), { cidVersion: 1 });
  await context.store.pin(cid);
  return { cid, uri: toIpfsUri(parseCid(cid)) };
}

/** Returns the first line of a Markdown document without its leading `#`. */
export async function documentTitle(name: string): Promise<string> {
  const text = await readFile(path.join(EXAMPLES_DIRECTORY, "documents", `${name}.md`), "utf8");
  return text.split("\n", 1)[0].replace(/^#+\s*/, "");
}

/** Returns Riverside Bakers, or throws when chapter 1 has not deployed it. */
export function requireBakers(context: DemoContext): DemoCooperative {
  if (context.bakers === undefined) throw new Error("Riverside Bakers is not deployed: run chapter 1 first.");
  return context.bakers;
}

/** Returns `file` relative to the working folder when it is inside it, else as it is. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

import { writeFile, mkdir } from "node:fs/promises";
import path from "node:path";

import { resultsChartSvg } from "../../mj/resultsText";
import { CHART_FILE } from "../record";
import { displayPath, eth, heading, requireBakers, step, tokens, type DemoContext } from "../context";
import type { SupplierResults } from "./supplierChoice";

/**
 * Chapter 10: prints the cooperative's members, capital, treasury and decisions, and writes the
 * merit-profile chart of the supplier vote to the output folder.
 */
export async function summary(context: DemoContext, supplierResults: SupplierResults): Promise<void> {
  heading(10, "Summary", "Bilan");
  const bakers = requireBakers(context);
  const { membership, shares } = bakers.contracts;
  const timelock = bakers.addresses.timelock;
  const people = [...context.cast.bakers, context.cast.applicant];
  const members = [];
  for (const person of people) if (await membership.isMember(person.address)) members.push(person.name);

  step(`${bakers.config.params.name}: ${await membership.memberCount()} members (${members.join(", ")})`);
  step(`share capital: ${await shares.totalShares()} shares, ${eth(await shares.capital())}`);
  const euro = context.euro;
  const euroBalance = euro === undefined ? "" : `, ${tokens(await euro.balanceOf(timelock), 6, "tEUR")}`;
  step(`treasury (timelock): ${eth(await context.provider.getBalance(timelock))}${euroBalance}`);
  step("decisions:");
  for (const decision of context.decisions) step(`  [${decision.cooperative}] ${decision.title}: ${decision.outcome}`);

  await mkdir(context.outputDirectory, { recursive: true });
  const chart = path.join(context.outputDirectory, CHART_FILE);
  await writeFile(chart, resultsChartSvg(supplierResults.en));
  step(`merit profile of the supplier vote / profil de mérite du vote : ${displayPath(chart)}`);
  context.record.chart = chart;
}

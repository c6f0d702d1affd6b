import { listDocuments, listProposals, readMemberCount, type ProposalSummary } from "../chain";
import { el } from "../dom";
import { cidOfUri } from "../documents";
import { formatDate, formatInteger, t, type MessageKey } from "../i18n";
import type { AppState } from "../state";

/** States in which a proposal still takes votes. */
const OPEN_STATES = new Set(["Pending", "Active"]);

/** Returns the link path of a proposal's page. */
export function proposalHref(proposal: Pick<ProposalSummary, "kind" | "id">): string {
  return `#/${proposal.kind}/${proposal.id}`;
}

/** Returns the name of a proposal state in the member's language. */
export function stateLabel(state: string): string {
  return t(`stateName_${state}` as MessageKey);
}

/** Renders the cooperative (name, symbol, member count, documents) and the list of proposals. */
export async function renderHome(state: AppState): Promise<HTMLElement> {
  const { config, reader } = state;
  const fromBlock = Number(config.cooperative.deploymentBlock);
  const [memberCount, proposals] = await Promise.all([readMemberCount(reader), listProposals(reader, fromBlock)]);
  const documents = listDocuments(proposals);

  const facts = el(
    "dl",
    { className: "facts" },
    el("dt", { text: t("symbol") }),
    el("dd", { text: config.cooperative.symbol }),
    el("dt", { text: t("members") }),
    el("dd", { testId: "member-count", text: formatInteger(memberCount) }),
  );
  const documentList =
    documents.length === 0
      ? el("p", { text: t("noDocuments") })
      : el(
          "ul",
          {},
          ...documents.map((document) =>
            el(
              "li",
              {},
              el("a", {
                text: document.title ?? t("untitled"),
                attrs: { href: proposalHref(findSummary(proposals, document.proposalId)) },
              }),
              " ",
              el("code", { text: cidOfUri(document.uri) }),
            ),
          ),
        );

  const active = proposals.filter((proposal) => OPEN_STATES.has(proposal.state));
  const past = proposals.filter((proposal) => !OPEN_STATES.has(proposal.state));

  return el(
    "div",
    {},
    el(
      "section",
      { attrs: { "aria-labelledby": "cooperative-heading" } },
      el("h2", { text: config.cooperative.name, attrs: { id: "cooperative-heading" } }),
      facts,
      el("h3", { text: t("cooperativeDocuments") }),
      documentList,
    ),
    el(
      "section",
      { attrs: { id: "proposals", "aria-labelledby": "proposals-heading" } },
      el("h2", { text: t("proposalsHeading"), attrs: { id: "proposals-heading" } }),
      el("h3", { text: t("activeProposals") }),
      proposalList(active),
      el("h3", { text: t("pastProposals") }),
      proposalList(past),
    ),
  );
}

function findSummary(proposals: readonly ProposalSummary[], id: bigint): ProposalSummary {
  const found = proposals.find((proposal) => proposal.id === id);
  if (found === undefined) throw new Error(`Proposal ${id} is not in the list.`);
  return found;
}

/**
 * Returns "Voting ends …" or "Voting ended …" for a proposal in `state`. The state decides, not the
 * browser's clock, because the chain's clock can differ from it (a local node moved forward in time).
 */
export function deadlineText(state: string, deadline: bigint): string {
  return t(OPEN_STATES.has(state) ? "deadline" : "deadlinePast", { date: formatDate(deadline) });
}

function proposalList(proposals: readonly ProposalSummary[]): HTMLElement {
  if (proposals.length === 0) return el("p", { text: t("noProposals") });
  return el(
    "ul",
    { className: "proposal-list" },
    ...proposals.map((proposal) =>
      el(
        "li",
        {},
        el("a", {
          testId: `proposal-${proposal.id}`,
          text: proposal.title ?? t("untitled"),
          attrs: { href: proposalHref(proposal) },
        }),
        el(
          "p",
          { className: "meta" },
          `${proposal.kind === "vote" ? t("kindVote") : t("kindJudgment")} · `,
          `${t("state", { state: stateLabel(proposal.state) })} · `,
          deadlineText(proposal.state, proposal.deadline),
        ),
      ),
    ),
  );
}
